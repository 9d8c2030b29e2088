package io.omniline.bridge.verification;

import io.omniline.bridge.channels.sms.SmsNotSentException;
import io.omniline.bridge.channels.sms.SmsSender;
import io.omniline.customers.verify.CodeDelivery;
import io.omniline.customers.verify.CodeNotSentException;
import io.omniline.db.identity.Identity;
import java.time.Duration;

/** Codes by SMS, over the same SMPP link agents' replies go out on. */
public final class SmsCodes implements CodeDelivery {

    private final SmsSender sender;

    public SmsCodes(SmsSender sender) {
        this.sender = sender;
    }

    @Override
    public void send(Identity to, String code, Duration validFor) {
        try {
            sender.submit(to.value(), CodeDelivery.text(code, validFor));
        } catch (SmsNotSentException e) {
            throw new CodeNotSentException("the SMS carrier did not take the code: " + e.getMessage(), e);
        }
    }
}
