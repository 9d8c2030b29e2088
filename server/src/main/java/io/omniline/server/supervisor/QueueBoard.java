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

    private static final String NOT_READ = "today's calls could not be read from the database";
    private static final String NOTHING_MEASURED = "no caller has been answered or given up in this queue today";

    /** Whether today's figures were read from the database: they are zeros, not counts, when it did not answer. */
    boolean todayRead() {
        return !NOT_READ.equals(serviceLevelNote);
    }

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
                today == null ? NOT_READ : today.percent() == null ? NOTHING_MEASURED : null,
                today == null ? 0 : today.answered(),
                today == null ? 0 : today.abandoned());
    }
}
