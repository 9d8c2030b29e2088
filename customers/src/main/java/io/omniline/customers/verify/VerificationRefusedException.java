package io.omniline.customers.verify;

/**
 * Why a code was not sent or not accepted, with a stable {@code code} the widget acts on and
 * words the visitor reads.
 */
public final class VerificationRefusedException extends RuntimeException {

    private final String code;

    VerificationRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
