package io.omniline.server.supervisor;

import io.omniline.db.interaction.ServiceLevel;
import io.omniline.telephony.live.AgentStatus;
import io.omniline.telephony.live.QueueSnapshot;
import java.util.List;
import java.util.Map;

/**
 * One queue on the wallboard: who waits and which agents do what (live, from AMI) beside today's
 * service level (from the stored calls).
 *
 * @param serviceLevelPercent null while the database cannot say or no caller has finished waiting today
 * @param serviceLevelNote why there is no service level figure, in words; null when there is one
 */
public record QueueBoard(
        String name,
        List<String> callers,
        long longestWaitSeconds,
        int completed,
        int abandoned,
        Map<String, AgentStatus> agents,
        int serviceLevelSeconds,
        Double serviceLevelPercent,
        String serviceLevelNote,
        int answeredToday,
        int abandonedToday) {

    static QueueBoard of(QueueSnapshot live, ServiceLevel today) {
        return new QueueBoard(
                live.name(),
                live.callers(),
                live.longestWaitSeconds(),
                live.completed(),
                live.abandoned(),
                live.agents(),
                live.serviceLevelSeconds(),
                today == null ? null : today.percent(),
                today == null
                        ? "today's calls could not be read from the database"
                        : today.percent() == null
                                ? "no caller has been answered or given up in this queue today"
                                : null,
                today == null ? 0 : today.answered(),
                today == null ? 0 : today.abandoned());
    }
}
