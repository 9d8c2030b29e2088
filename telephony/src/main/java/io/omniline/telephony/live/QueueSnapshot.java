package io.omniline.telephony.live;

import java.util.List;
import java.util.Map;

/**
 * A queue right now, for the supervisor's wallboard.
 *
 * @param callers uniqueids of waiting callers, first in line first
 * @param longestWaitSeconds how long the first caller in line has waited
 * @param agents each member's interface and status
 * @param serviceLevelSeconds the answer-within threshold set in queues.conf ({@code servicelevel}), 20 when unset
 */
public record QueueSnapshot(
        String name,
        List<String> callers,
        long longestWaitSeconds,
        int completed,
        int abandoned,
        Map<String, AgentStatus> agents,
        int serviceLevelSeconds) {}
