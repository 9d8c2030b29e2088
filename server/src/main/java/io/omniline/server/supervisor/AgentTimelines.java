package io.omniline.server.supervisor;

import io.omniline.db.NotFoundException;
import io.omniline.db.Repositories;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentStateLog;
import io.omniline.db.interaction.AgentDayQuery;
import io.omniline.db.interaction.Interaction;
import io.omniline.server.api.FieldProblem;
import io.omniline.server.presence.AgentStates;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An agent's day for the supervisor's drill-down: read when asked (a click), never per wallboard
 * frame. The day is the contact center's (the clock's zone, reports.timeZone); its states come
 * from the agent state log, the first cut at midnight when it began the day before.
 */
public final class AgentTimelines {

    private final Repositories repositories;
    private final AgentStates states;
    private final Clock clock;

    /** @param clock the floor's clock, in the contact center's time zone */
    public AgentTimelines(Repositories repositories, AgentStates states, Clock clock) {
        this.repositories = repositories;
        this.states = states;
        this.clock = clock;
    }

    /** @param date YYYY-MM-DD, today or earlier; null or blank for today */
    public AgentTimeline day(long agentId, String date) {
        Agent agent =
                repositories.agents().findById(agentId).orElseThrow(() -> new NotFoundException("agent", agentId));
        ZoneId zone = clock.getZone();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate day = date == null || date.isBlank() ? today : parse(date);
        if (day.isAfter(today)) {
            throw new FieldProblem("date", "The day can be today or an earlier day, not one after today.");
        }
        Instant dayStart = day.atStartOfDay(zone).toInstant();
        Instant until =
                day.equals(today) ? now : day.plusDays(1).atStartOfDay(zone).toInstant();
        AgentDayQuery.AgentDay handled = repositories.agentDays().of(agentId, dayStart, until);
        return new AgentTimeline(
                agent.id(),
                agent.login(),
                agent.displayName(),
                zone.getId(),
                day,
                dayStart,
                until,
                segments(repositories.agentStateLog().between(agentId, dayStart, until), dayStart, until, now),
                handled.handled(),
                handled.averageHandleSeconds(),
                states.of(agent),
                work(agentId));
    }

    private static LocalDate parse(String date) {
        try {
            return LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw new FieldProblem("date", "The day is written as year-month-day, for example 2026-11-18.", e);
        }
    }

    /** Each entry lasts until the next; the last one runs on (to null) when the period reaches now. */
    private static List<AgentTimeline.Segment> segments(
            List<AgentStateLog.Entry> entries, Instant dayStart, Instant until, Instant now) {
        List<AgentTimeline.Segment> segments = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            AgentStateLog.Entry entry = entries.get(i);
            Instant from = entry.at().isBefore(dayStart) ? dayStart : entry.at();
            Instant to = i + 1 < entries.size() ? entries.get(i + 1).at() : until.equals(now) ? null : until;
            segments.add(new AgentTimeline.Segment(entry.state().code().replace('_', '-'), entry.reason(), from, to));
        }
        return segments;
    }

    private List<AgentTimeline.Work> work(long agentId) {
        return Stream.concat(
                        repositories.interactions().liveCallOf(agentId).stream(),
                        repositories.digitalQueue().heldBy(agentId).stream())
                .map(interaction -> new AgentTimeline.Work(
                        interaction.id(),
                        interaction.channel(),
                        interaction.state().getLiteral(),
                        interaction.queueName(),
                        since(interaction)))
                .toList();
    }

    private static Instant since(Interaction interaction) {
        OffsetDateTime at = Stream.of(
                        interaction.answeredAt(),
                        interaction.offeredAt(),
                        interaction.queuedAt(),
                        interaction.startedAt())
                .filter(time -> time != null)
                .findFirst()
                .orElse(null);
        return at == null ? null : at.toInstant();
    }
}
