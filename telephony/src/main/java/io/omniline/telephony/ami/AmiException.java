package io.omniline.telephony.ami;

/** AMI refused, failed or did not answer; the message says which, for the log. */
public final class AmiException extends Exception {

    /** Asterisk's own reason when it answered with an error; null when it did not answer at all. */
    private final String asteriskReason;

    public AmiException(String message) {
        this(message, null, null);
    }

    public AmiException(String message, Throwable cause) {
        this(message, null, cause);
    }

    private AmiException(String message, String asteriskReason, Throwable cause) {
        super(message, cause);
        this.asteriskReason = asteriskReason;
    }

    /** Asterisk answered the action with an error and {@code reason} (its Message header). */
    public static AmiException refused(String action, String reason) {
        String said = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
        return new AmiException(action + " refused by Asterisk: " + said, said, null);
    }

    /**
     * What a person is told: Asterisk's reason when it gave one, else that Asterisk could not be
     * reached. The log message names the AMI action, which means nothing to an agent.
     */
    public String forPeople() {
        return asteriskReason != null
                ? "Asterisk refused it: " + asteriskReason
                : "Asterisk could not be reached, so nothing was done; try again in a moment";
    }
}
