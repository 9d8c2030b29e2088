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
 * @param serviceLevelPercent null while the database cannot say
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
                today == null ? 0 : today.answered(),
                today == null ? 0 : today.abandoned());
    }
}
