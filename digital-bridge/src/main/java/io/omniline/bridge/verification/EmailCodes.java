package io.omniline.bridge.verification;

import io.omniline.bridge.channels.email.SmtpMailer;
import io.omniline.customers.verify.CodeDelivery;
import io.omniline.customers.verify.CodeNotSentException;
import io.omniline.db.identity.Identity;
import jakarta.mail.MessagingException;
import java.time.Duration;
import java.util.Map;

/** Codes by email, from the support mailbox, over the same SMTP server agents' replies go out on. */
public final class EmailCodes implements CodeDelivery {

    private final SmtpMailer mailer;

    public EmailCodes(SmtpMailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public void send(Identity to, String code, Duration validFor) {
        try {
            mailer.send(
                    to.value(),
                    "Your verification code",
                    CodeDelivery.text(code, validFor),
                    mailer.newMessageId(),
                    Map.of());
        } catch (MessagingException e) {
            throw new CodeNotSentException("the mail server did not take the code: " + e.getMessage(), e);
        }
    }
}
