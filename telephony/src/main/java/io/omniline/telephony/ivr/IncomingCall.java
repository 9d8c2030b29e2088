package io.omniline.telephony.ivr;

/**
 * A call entering the IVR, as the AGI environment and channel describe it.
 *
 * @param uniqueId the caller channel's Uniqueid: the key AMI events carry too
 * @param linkedId shared by every channel of the call; null when it could not be read
 * @param dialled the number dialled (the DNID, or the extension when Asterisk has no DNID)
 * @param flowName the flow the dialplan asked for ({@code ivr?flow=main}), or null to route by number
 */
public record IncomingCall(String uniqueId, String linkedId, String channel, String callerNumber, String callerName,
                           String dialled, String flowName, String language) {
}
