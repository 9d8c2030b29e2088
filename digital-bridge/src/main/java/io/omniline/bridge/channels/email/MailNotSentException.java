package io.omniline.bridge.channels.email;

/**
 * SMTP did not take a mail. Callers outside the email channel handle this instead of Jakarta
 * Mail's own exception, so mail code stays in the channel.
 */
public final class MailNotSentException extends Exception {

    MailNotSentException(String to, Exception cause) {
        super("the mail to " + to + " was not sent: " + cause.getMessage(), cause);
    }
}
