package io.omniline.telephony.live;

/** A channel Asterisk has up, as the last event about it described it. */
public record ChannelSnapshot(
        String uniqueId,
        String linkedId,
        String channel,
        String state,
        String callerIdNumber,
        String context,
        String extension) {}
