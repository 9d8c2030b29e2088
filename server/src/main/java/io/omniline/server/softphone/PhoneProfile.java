package io.omniline.server.softphone;

import java.util.List;

/**
 * What the signed-in agent's page learns about their phone: which one rings, and for the
 * softphone, how it registers. Only the agent themselves is ever given this (it carries their SIP
 * password), and never with a cache allowed.
 *
 * @param phone {@code desk} or {@code webrtc}
 * @param sipInterface the Asterisk interface queues ring, e.g. PJSIP/1002; null when none is set
 * @param problem why the softphone cannot work, in words for the agent; null when it can
 * @param softphone how the softphone registers; null for a desk phone or when there is a problem
 */
public record PhoneProfile(String phone, String sipInterface, String problem, Registration softphone) {

    /**
     * @param sipUri the agent's address of record, {@code sip:1002@pbx.example.com}
     * @param username the digest user (the PJSIP endpoint's auth username)
     */
    public record Registration(
            List<String> webSocketUrls,
            String sipUri,
            String username,
            String password,
            String displayName,
            List<String> stunServers) {

        /** Never prints the password. */
        @Override
        public String toString() {
            return "Registration[sipUri=" + sipUri + ", webSocketUrls=" + webSocketUrls + "]";
        }
    }
}
