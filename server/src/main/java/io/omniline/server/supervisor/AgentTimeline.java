package io.omniline.server.supervisor;

import io.omniline.db.interaction.Channel;
import io.omniline.server.presence.AgentState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One agent's day as the floor's drill-down shows it: the states they went through (from the
 * stored agent state log), what they handled, and what they hold now.
 *
 * @param timeZone the contact center's time zone (reports.timeZone): the day runs midnight to midnight there
 * @param dayStart the day's midnight
 * @param until the end of what is shown: now for today, the next midnight for an earlier day
 * @param states oldest first; the first may have begun before the day (it is cut at midnight)
 * @param averageHandleSeconds null until one of the day's contacts has finished
 * @param current where the agent is right now
 * @param work the call and the conversations they hold now
 */
public record AgentTimeline(
        long agentId,
        String login,
        String displayName,
        String timeZone,
        LocalDate date,
        Instant dayStart,
        Instant until,
        List<Segment> states,
        int handled,
        Integer averageHandleSeconds,
        AgentState current,
        List<Work> work) {

    /**
     * @param state logged-in, available, ringing, on-call, wrap-up, paused or logged-out
     * @param reason why they paused; null for other states and a pause without one
     * @param to when it ended; null while they are still in it
     */
    public record Segment(String state, String reason, Instant from, Instant to) {}

    /**
     * @param state the interaction's state as the database spells it (offered, active, wrap_up, …)
     * @param since when the agent took it, or when it was offered to them
     */
    public record Work(long id, Channel channel, String state, String queue, Instant since) {}
}
