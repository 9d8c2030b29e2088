package io.omniline.telephony.calls;

/** How an agent's ring ended other than by that agent answering (AgentConnected says that). */
public enum RingEnd {
    /** AgentRingNoAnswer: the member's ring timeout passed. */
    NO_ANSWER,
    /** Another member answered the call (ringall). */
    ANSWERED_ELSEWHERE,
    /** The caller hung up while it rang. */
    CALLER_ABANDONED,
    /** Queue() gave up with the caller still there (QUEUESTATUS=TIMEOUT). */
    QUEUE_TIMEOUT
}
