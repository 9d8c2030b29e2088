package io.omniline.db.agent;

/** Which phone rings when a queue calls the agent. */
public enum PhoneKind {
    /** A SIP phone on the desk (or any SIP client outside Omniline) registered at the agent's interface. */
    desk,
    /** The WebRTC softphone in the agent's desktop page, registered at the agent's interface. */
    webrtc
}
