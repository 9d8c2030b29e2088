package io.omniline.server.presence;

import java.time.Instant;

/**
 * Where an agent is right now, as one screen shows it: their phone's state in the queues, the
 * call in hand, and the chats, emails and SMS they take and hold.
 *
 * @param status logged-out, available, paused, ringing, on-call, wrap-up, or unknown (Asterisk not followed)
 * @param label the status in the words the page shows
 * @param pauseReason why Asterisk has the phone paused: while paused, and while busy (ringing, on a call,
 *     wrap-up) with a pause taken or forced meanwhile, which holds after the call; else null
 * @param since when this status began (as first seen by this node)
 * @param wrapUpEndsAt when Asterisk offers calls again after the last one (queues.conf wrapuptime); null when not counting down
 * @param callId the call in hand (ringing, on, or waiting for its wrap-up); null when none
 * @param capacity how many conversations they take at a time; null while they take none
 * @param lastKnown while the status is unknown: the phone's state when Asterisk was last followed; else null
 */
public record AgentState(
        long agentId,
        String login,
        String displayName,
        String status,
        String label,
        String pauseReason,
        Instant since,
        Instant wrapUpEndsAt,
        Long callId,
        String callState,
        Integer capacity,
        int conversations,
        int activeConversations,
        LastKnown lastKnown) {

    /**
     * The phone's state as last seen while Omniline followed Asterisk.
     *
     * @param pauseReason why the phone was paused then, as {@link AgentState#pauseReason}
     * @param since when that status began
     * @param seenAt when it was last seen true
     */
    public record LastKnown(String status, String label, String pauseReason, Instant since, Instant seenAt) {}
}
