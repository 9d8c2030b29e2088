package io.omniline.server.supervisor;

import io.omniline.db.Repositories;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.AgentDayQuery;
import io.omniline.server.presence.AgentState;
import io.omniline.server.presence.AgentStates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The agents table of the supervisor's floor. Their states are read at most once per
 * {@code refresh} and their day (handled, average handle time) at most once per
 * {@code dayRefresh}, so a wallboard ticking twice a second costs the database a few queries a
 * second whatever the number of watchers. A failed read throws; the feed then says the database
 * is not answering and keeps the last table.
 */
public final class FloorAgents implements Supplier<List<FloorAgent>> {

    private final AgentRepository agents;
    private final AgentDayQuery days;
    private final AgentStates states;
    private final Clock clock;
    private final Duration refresh;
    private final Duration dayRefresh;
    private List<FloorAgent> last = List.of();
    private Instant lastAt = Instant.MIN;
    private Map<Long, AgentDayQuery.AgentDay> today = Map.of();
    private Instant todayAt = Instant.MIN;

    public FloorAgents(
            Repositories repositories, AgentStates states, Clock clock, Duration refresh, Duration dayRefresh) {
        this.agents = repositories.agents();
        this.days = repositories.agentDays();
        this.states = states;
        this.clock = clock;
        this.refresh = refresh;
        this.dayRefresh = dayRefresh;
    }

    @Override
    public synchronized List<FloorAgent> get() {
        Instant now = clock.instant();
        if (lastAt.plus(refresh).isAfter(now)) {
            return last;
        }
        if (!todayAt.plus(dayRefresh).isAfter(now)) {
            Instant midnight = LocalDate.ofInstant(now, clock.getZone())
                    .atStartOfDay(clock.getZone())
                    .toInstant();
            today = days.since(midnight);
            todayAt = now;
        }
        List<Agent> active = agents.list().stream().filter(Agent::active).toList();
        List<AgentState> agentStates = states.of(active);
        last = IntStream.range(0, active.size())
                .mapToObj(i -> {
                    Agent agent = active.get(i);
                    AgentDayQuery.AgentDay day = today.getOrDefault(agent.id(), new AgentDayQuery.AgentDay(0, null));
                    return new FloorAgent(
                            agentStates.get(i),
                            agent.sipInterface(),
                            List.copyOf(agent.queues().keySet()),
                            day.handled(),
                            day.averageHandleSeconds());
                })
                .toList();
        lastAt = now;
        return last;
    }
}
