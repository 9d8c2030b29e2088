package io.omniline.bench.agi;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;

/**
 * The IVR every benchmarked server runs, the same on both: answer, a greeting, ask for an account
 * number (the caller thinks), remember it for the dialplan. Both servers execute identical
 * script code, so the difference measured is the server: how it accepts, schedules and answers.
 */
final class IvrScript implements AgiScript {

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        channel.answer();
        channel.streamFile("omniline/welcome");
        String account = channel.getData("omniline/enter-account", 5_000, 8);
        channel.setVariable("OMNILINE_ACCOUNT", account == null ? "" : account);
    }
}
