package io.omniline.telephony.ami;

/** AMI refused, failed or did not answer; the message says which. */
public final class AmiException extends Exception {

    public AmiException(String message) {
        super(message);
    }

    public AmiException(String message, Throwable cause) {
        super(message, cause);
    }
}
