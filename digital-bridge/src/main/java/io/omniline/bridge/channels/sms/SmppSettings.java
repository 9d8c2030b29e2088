package io.omniline.bridge.channels.sms;

import java.time.Duration;

/**
 * The carrier's SMSC and how Omniline binds to it (one transceiver bind for both directions).
 *
 * @param sourceAddress the number (or short code) replies are sent from
 * @param enquireLink how often the link is probed; a link that stops answering is rebound
 */
public record SmppSettings(
        String host,
        int port,
        String systemId,
        String password,
        String systemType,
        String sourceAddress,
        Duration enquireLink,
        Duration responseTimeout,
        Duration maxBackoff) {}
