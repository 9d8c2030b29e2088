package io.omniline.ivr.run;

/** The caller hung up; the flow stops where it is. */
public final class CallerHungUpException extends RuntimeException {

    public CallerHungUpException() {
        super("the caller hung up", null, false, false);
    }
}
