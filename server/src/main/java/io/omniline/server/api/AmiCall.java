package io.omniline.server.api;

import io.omniline.db.ConflictException;
import io.omniline.telephony.ami.AmiException;

/** An AMI action done for a request; Asterisk's refusal becomes a conflict that says so in its words. */
@FunctionalInterface
public interface AmiCall {

    void run() throws AmiException;

    static void send(AmiCall call) {
        try {
            call.run();
        } catch (AmiException e) {
            throw new ConflictException(e.forPeople(), e);
        }
    }
}
