package io.omniline.telephony.ivr;

import io.omniline.ivr.run.CallerHungUpException;
import io.omniline.telephony.agi.AgiCallChannel;
import io.omniline.telephony.agi.AgiSession;
import io.omniline.telephony.agi.AgiSessionScript;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;

/**
 * {@code AGI(agi://omniline:4573/ivr)}: turns the FastAGI request into an {@link IncomingCall}
 * and hands it to the IVR. Parameters: {@code flow} names a flow instead of routing by the
 * dialled number; {@code node} resumes at a node (a call back from a queue that timed out).
 * {@code AGI(agi://omniline:4573/voicemail-failed)} is the dialplan's step after VoiceMail()
 * failed: the IVR routes the caller on.
 */
public final class IvrAgiScript implements AgiSessionScript {

    /** The FastAGI script names this serves. */
    public static final String IVR = "ivr";

    public static final String VOICEMAIL_FAILED = "voicemail-failed";

    private final IvrCallHandler handler;

    public IvrAgiScript(IvrCallHandler handler) {
        this.handler = handler;
    }

    @Override
    public void service(AgiRequest request, AgiChannel agiChannel, AgiSession session) {
        AgiCallChannel channel = channel(handler, request, agiChannel, session);
        String linkedId;
        try {
            linkedId = channel.variable("CHANNEL(linkedid)");
        } catch (CallerHungUpException e) {
            linkedId = null;
        }
        IncomingCall call = IncomingCall.of(request, linkedId);
        if (VOICEMAIL_FAILED.equals(request.getScript())) {
            handler.voicemailFailed(call, channel);
        } else {
            handler.handle(call, channel, IncomingCall.parameter(request, "node"));
        }
    }

    /**
     * The channel of one FastAGI session, its unplayable prompts counted and logged by
     * {@link IvrCallHandler#promptNotPlayed}: for every script that plays prompts.
     */
    static AgiCallChannel channel(IvrCallHandler ivr, AgiRequest request, AgiChannel agiChannel, AgiSession session) {
        return new AgiCallChannel(
                agiChannel,
                session,
                request.getLanguage(),
                (prompt, language) -> ivr.promptNotPlayed(request.getUniqueId(), prompt, language));
    }
}
