package io.omniline.server.presence;

import io.omniline.db.Repositories;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.digital.DigitalQueueRepository;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.telephony.live.AgentStatus;
import io.omniline.telephony.live.LiveModelStatus;
import io.omniline.telephony.live.LiveState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Puts an agent's state together from what is true now: Asterisk's view of their queue
 * membership (live, from AMI), the call and conversations the database says they hold, and
 * whether they take chats. Read fresh on every request, so a page that asks after an action, a
 * reload or a reconnect never shows yesterday's state. A call waiting for its wrap-up counts as
 * wrap-up even when Asterisk already offers the agent calls, since the agent still owes it.
 */
public final class AgentStates {

    private final AgentRepository agents;
    private final InteractionRepository interactions;
    private final DigitalQueueRepository digital;
    private final LiveState live;
    private final Supplier<LiveModelStatus> liveModel;
    private final StateSince since;
    private final Clock clock;
    /** Each agent's phone state when it was last known, for the time Asterisk is not followed. */
    private final Map<Long, AgentState.LastKnown> lastKnown = new ConcurrentHashMap<>();

    public AgentStates(Repositories repositories, LiveState live, Supplier<LiveModelStatus> liveModel, Clock clock) {
        this.agents = repositories.agents();
        this.interactions = repositories.interactions();
        this.digital = repositories.digitalQueue();
        this.live = live;
        this.liveModel = liveModel;
        this.since = new StateSince(clock);
        this.clock = clock;
    }

    public Optional<AgentState> of(long agentId) {
        return agents.findById(agentId).map(this::of);
    }

    /**
     * The states of these agents, from three queries whatever their number: the floor asks for
     * every agent each second, and a query per agent was 1,200 a second at 200 agents.
     */
    public List<AgentState> of(List<Agent> some) {
        Map<Long, Interaction> calls = interactions.liveCalls();
        Map<Long, List<Interaction>> held = digital.held();
        Map<Long, Integer> capacities = digital.capacities();
        return some.stream()
                .map(agent -> of(
                        agent,
                        Optional.ofNullable(calls.get(agent.id())),
                        held.getOrDefault(agent.id(), List.of()),
                        capacities.get(agent.id())))
                .toList();
    }

    public AgentState of(Agent agent) {
        return of(
                agent,
                interactions.liveCallOf(agent.id()),
                digital.heldBy(agent.id()),
                digital.capacityOf(agent.id()).orElse(null));
    }

    private AgentState of(Agent agent, Optional<Interaction> call, List<Interaction> held, Integer capacity) {
        String status;
        String label;
        String pauseReason = null;
        Instant wrapUpEndsAt = null;
        AgentStatus phone =
                agent.sipInterface() == null || !liveModel.get().complete() ? null : live.status(agent.sipInterface());
        boolean owesWrapUp =
                call.map(c -> c.state() == InteractionState.wrap_up).orElse(false);
        if (phone == AgentStatus.RINGING || phone == AgentStatus.ON_CALL) {
            status = phone == AgentStatus.RINGING ? "ringing" : "on-call";
            label = phone == AgentStatus.RINGING ? "Ringing" : "On a call";
            pauseReason = live.pauseReason(agent.sipInterface()).orElse(null);
        } else if (phone == AgentStatus.WRAP_UP || owesWrapUp) {
            status = "wrap-up";
            wrapUpEndsAt = agent.sipInterface() == null
                    ? null
                    : live.wrapUpEndsAt(agent.sipInterface()).orElse(null);
            label = owesWrapUp ? "Wrap-up: save the call's disposition" : "Wrap-up";
            pauseReason = phone == null
                    ? null
                    : live.pauseReason(agent.sipInterface()).orElse(null);
        } else if (phone == AgentStatus.PAUSED) {
            status = "paused";
            pauseReason = live.pauseReason(agent.sipInterface()).orElse(null);
            label = pauseReason == null ? "Paused" : "Paused: " + pauseReason;
        } else if (phone == AgentStatus.AVAILABLE) {
            status = "available";
            label = "Available for calls";
        } else if (phone == AgentStatus.LOGGED_OFF) {
            status = "logged-out";
            label = "Logged out of your queues";
        } else {
            status = "unknown";
            label = agent.sipInterface() == null
                    ? "No phone: an admin sets one"
                    : "Phone state unknown: " + liveModel.get().reason();
        }
        int active = (int)
                held.stream().filter(c -> c.state() == InteractionState.active).count();
        // A pause taken during a call does not restart the call's time; a new pause reason is a new pause.
        Instant statusSince = since.of(agent.id(), status + "/" + (status.equals("paused") ? pauseReason : ""));
        if (phone != null) {
            lastKnown.put(
                    agent.id(), new AgentState.LastKnown(status, label, pauseReason, statusSince, clock.instant()));
        }
        return new AgentState(
                agent.id(),
                agent.login(),
                agent.displayName(),
                status,
                label,
                pauseReason,
                statusSince,
                wrapUpEndsAt,
                call.map(Interaction::id).orElse(null),
                call.map(c -> c.state().getLiteral().replace('_', '-')).orElse(null),
                capacity,
                held.size(),
                active,
                status.equals("unknown") ? lastKnown.get(agent.id()) : null);
    }
}
