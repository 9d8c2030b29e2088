package io.omniline.telephony.agi;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;

/** A FastAGI script that also gets its connection's {@link AgiSession}; {@link FastAgiServer} hands it over. */
public interface AgiSessionScript extends AgiScript {

    void service(AgiRequest request, AgiChannel channel, AgiSession session) throws AgiException;

    /** Only {@link FastAgiServer} runs these scripts, and always with the session. */
    @Override
    default void service(AgiRequest request, AgiChannel channel) {
        throw new UnsupportedOperationException("an AgiSessionScript runs only inside Omniline's FastAgiServer");
    }
}
