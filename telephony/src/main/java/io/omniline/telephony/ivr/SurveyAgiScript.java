package io.omniline.telephony.ivr;

import io.omniline.telephony.agi.AgiCallChannel;
import io.omniline.telephony.agi.AgiSession;
import io.omniline.telephony.agi.AgiSessionScript;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;

/**
 * {@code AGI(agi://omniline:4573/survey?interaction=N)}: the dialplan's step after the agent hung
 * up; hands the caller to the {@link SurveyCallHandler}.
 */
public final class SurveyAgiScript implements AgiSessionScript {

    /** The FastAGI script name this serves. */
    public static final String SURVEY = "survey";

    private final SurveyCallHandler handler;
    private final IvrCallHandler ivr;

    /** @param ivr counts and logs the prompts Asterisk could not play, as for every IVR call */
    public SurveyAgiScript(SurveyCallHandler handler, IvrCallHandler ivr) {
        this.handler = handler;
        this.ivr = ivr;
    }

    @Override
    public void service(AgiRequest request, AgiChannel agiChannel, AgiSession session) {
        AgiCallChannel channel = IvrAgiScript.channel(ivr, request, agiChannel, session);
        handler.handle(IncomingCall.of(request, null), channel, IncomingCall.parameter(request, "interaction"));
    }
}
