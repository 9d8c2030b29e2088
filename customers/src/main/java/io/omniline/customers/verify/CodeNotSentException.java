package io.omniline.customers.verify;

/** The code could not be handed to the carrier or the mail server. */
public final class CodeNotSentException extends RuntimeException {

    public CodeNotSentException(String message, Throwable cause) {
        super(message, cause);
    }
}
