package io.omniline.bridge.channels.sms;

/** The carrier did not take the message: no link, a refusal, or no answer in time. */
public final class SmsNotSentException extends RuntimeException {

    public SmsNotSentException(String message, Throwable cause) {
        super(message, cause);
    }
}
