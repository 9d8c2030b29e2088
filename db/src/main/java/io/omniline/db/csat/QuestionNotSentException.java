package io.omniline.db.csat;

/** A survey's question could not be sent this time (SMTP or the SMSC refused it, or is away); it is tried again. */
public final class QuestionNotSentException extends Exception {

    public QuestionNotSentException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
