package io.omniline.customers.verify;

import io.omniline.db.identity.Identity;
import java.time.Duration;

/** Sends a one-time code to a phone or an address, through a channel Omniline already speaks. */
@FunctionalInterface
public interface CodeDelivery {

    /** @throws CodeNotSentException when the carrier or the mail server did not take it */
    void send(Identity to, String code, Duration validFor);

    /** The words of the code, the same on every channel. */
    static String text(String code, Duration validFor) {
        return "Your verification code is " + code + ". It expires in " + validFor.toMinutes()
                + " minutes. If you did not ask for it, ignore this message.";
    }
}
