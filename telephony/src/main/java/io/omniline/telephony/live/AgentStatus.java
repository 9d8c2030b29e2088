package io.omniline.telephony.live;

/** Where an agent is now, as the queues see them. */
public enum AgentStatus {
    LOGGED_OFF,
    AVAILABLE,
    RINGING,
    ON_CALL,
    WRAP_UP,
    PAUSED
}
