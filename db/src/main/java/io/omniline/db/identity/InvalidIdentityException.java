package io.omniline.db.identity;

/** A phone number or email address that cannot be normalized; says which value and why. */
public final class InvalidIdentityException extends IllegalArgumentException {

    private final String value;
    private final String reason;

    InvalidIdentityException(String kind, String value, String reason) {
        super(kind + " \"" + value + "\" is invalid: " + reason);
        this.value = value;
        this.reason = reason;
    }

    public String value() {
        return value;
    }

    public String reason() {
        return reason;
    }
}
