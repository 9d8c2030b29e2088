package io.omniline.telephony.calls;

/**
 * What happens to a queued call, for the rest of Omniline (screen pop, desktop, wallboard).
 * Each carries the interaction and the caller channel's uniqueid.
 */
public sealed interface CallEvent {

    long interactionId();

    String uniqueId();

    record CallerQueued(long interactionId, String uniqueId, String queue, int position) implements CallEvent {
    }

    /** An agent's phone rings: the moment to pop the customer on their desktop. */
    record AgentRinging(long interactionId, String uniqueId, Long agentId, String agentInterface, String queue)
            implements CallEvent {
    }

    record AgentConnected(long interactionId, String uniqueId, Long agentId, String agentInterface, int holdSeconds)
            implements CallEvent {
    }

    /** The conversation ended; {@code endedBy} is agent, caller or transfer as Asterisk says. */
    record CallCompleted(long interactionId, String uniqueId, Long agentId, int talkSeconds, String endedBy)
            implements CallEvent {
    }

    record CallerAbandoned(long interactionId, String uniqueId, String queue, int waitedSeconds) implements CallEvent {
    }

    /**
     * The caller was transferred; the caller's channel, and so the interaction, carries on.
     *
     * @param kind blind or attended
     * @param target the extension (blind) or the channel (attended) the caller goes to
     */
    record Transferred(long interactionId, String uniqueId, Long agentId, String kind, String target) implements CallEvent {
    }
}
