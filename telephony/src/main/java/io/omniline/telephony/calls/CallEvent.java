package io.omniline.telephony.calls;

/**
 * What happens to a queued call, for the rest of Omniline (screen pop, desktop, wallboard).
 * Each carries the interaction and the caller channel's uniqueid.
 */
public sealed interface CallEvent {

    long interactionId();

    String uniqueId();

    record CallerQueued(long interactionId, String uniqueId, String queue, int position) implements CallEvent {}

    /** An agent's phone rings: the moment to pop the customer on their desktop. */
    record AgentRinging(long interactionId, String uniqueId, Long agentId, String agentInterface, String queue)
            implements CallEvent {}

    /** An agent's phone stopped ringing without that agent answering; every ring ends with this or AgentConnected. */
    record RingEnded(long interactionId, String uniqueId, Long agentId, String agentInterface, RingEnd how)
            implements CallEvent {}

    /** @param holdSeconds Asterisk's HoldTime */
    record AgentConnected(long interactionId, String uniqueId, Long agentId, String agentInterface, int holdSeconds)
            implements CallEvent {}

    /**
     * The conversation ended.
     *
     * @param talkSeconds Asterisk's TalkTime, or null when its AgentComplete was not seen
     * @param endedBy agent, caller or transfer as Asterisk says; unobserved when the call was
     *     found gone from Asterisk
     */
    record CallCompleted(long interactionId, String uniqueId, Long agentId, Integer talkSeconds, String endedBy)
            implements CallEvent {}

    record CallerAbandoned(long interactionId, String uniqueId, String queue, int waitedSeconds) implements CallEvent {}

    /** Queue() gave up with the caller still on the line (QUEUESTATUS=TIMEOUT): not an abandon. */
    record QueueTimedOut(long interactionId, String uniqueId, String queue, int waitedSeconds) implements CallEvent {}

    /**
     * The caller was transferred; the caller's channel, and so the interaction, carries on.
     *
     * @param kind blind or attended
     * @param target the extension (blind) or the channel (attended) the caller goes to
     */
    record Transferred(long interactionId, String uniqueId, Long agentId, String kind, String target)
            implements CallEvent {}
}
