package io.omniline.telephony.ami.event;

/**
 * The block of headers Asterisk writes for one channel in call events (Channel … Linkedid), or
 * with the {@code Dest} prefix for the agent's leg in the Agent* events.
 *
 * @param state the ChannelState number (6 is Up)
 * @param uniqueId the channel's Uniqueid; the caller's is the IVR's {@code agi_uniqueid}
 * @param linkedId the same on every channel of one call
 */
public record AmiChannel(
        String channel,
        int state,
        String stateDesc,
        String callerIdNum,
        String callerIdName,
        String connectedLineNum,
        String connectedLineName,
        String language,
        String accountCode,
        String context,
        String exten,
        int priority,
        String uniqueId,
        String linkedId) {}
