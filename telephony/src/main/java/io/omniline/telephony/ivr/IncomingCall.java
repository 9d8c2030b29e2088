package io.omniline.telephony.ivr;

import io.omniline.ivr.model.Flow;
import java.util.function.Supplier;
import org.asteriskjava.fastagi.AgiRequest;

/**
 * A call entering the IVR, as the AGI environment and channel describe it.
 *
 * @param uniqueId the caller channel's Uniqueid: the key AMI events carry too
 * @param linkedId shared by every channel of the call; null when it could not be read
 * @param dialled the number dialled (the DNID, or the extension when Asterisk has no DNID)
 * @param flowName the flow the dialplan asked for ({@code ivr?flow=main}), or null to route by number
 */
public record IncomingCall(
        String uniqueId,
        String linkedId,
        String channel,
        String callerNumber,
        String callerName,
        String dialled,
        String flowName,
        String language) {

    /** The call a FastAGI request describes; nothing in its environment makes this throw. */
    public static IncomingCall of(AgiRequest request, String linkedId) {
        return new IncomingCall(
                request.getUniqueId(),
                linkedId,
                request.getChannel(),
                callerId(request::getCallerIdNumber),
                callerId(request::getCallerIdName),
                dialled(request),
                parameter(request, "flow"),
                request.getLanguage());
    }

    /**
     * A part of the caller ID, or null when Asterisk-Java cannot parse it: without
     * {@code agi_calleridname} it splits {@code agi_callerid} itself and throws on a '>' before the
     * '<'. A caller ID is the caller's claim, so one that cannot be read makes an unknown caller.
     */
    private static String callerId(Supplier<String> part) {
        try {
            return part.get();
        } catch (IndexOutOfBoundsException unparsable) {
            return null;
        }
    }

    /**
     * A parameter of the script's URL ({@code ivr?flow=main}), or null when its %-escapes are broken
     * ({@code ivr?flow=50%}): Asterisk-Java's decoder throws on those, which would fail the whole
     * session instead of routing the caller as if the dialplan had asked for nothing.
     */
    public static String parameter(AgiRequest request, String name) {
        try {
            return request.getParameter(name);
        } catch (IllegalArgumentException brokenEscape) {
            return null;
        }
    }

    /**
     * The language the caller hears on this channel ({@code agi_language}: CHANNEL(language), which
     * the IVR sets as the caller chooses), or null when Asterisk gave none or something that is no
     * language code, so the flow's own language is used.
     */
    public String spokenLanguage() {
        return language != null && Flow.LANGUAGE_CODE.matcher(language).matches() ? language : null;
    }

    /** Asterisk says "unknown" when the network gave no DNID; the extension is what was dialled then. */
    private static String dialled(AgiRequest request) {
        String dnid = request.getDnid();
        return dnid == null || dnid.isBlank() || dnid.equals("unknown") ? request.getExtension() : dnid;
    }
}
