package io.omniline.ivr.run;

/**
 * How a recording of the caller ended and how much of it there is.
 *
 * @param samples the length of what was recorded, in samples (8,000 a second on a phone line)
 */
public record Recording(Ending ending, long samples) {

    public enum Ending {
        /** The caller pressed the key that ends the recording. */
        KEY,
        /** The longest recording was reached, or the caller stayed silent long enough. */
        TIMEOUT,
        /** The caller hung up while recording: what they said up to then is kept. */
        HANGUP,
        /** Nothing could be recorded (the file could not be written). */
        FAILED
    }

    /** Whether there is something to listen to. */
    public boolean hasSound() {
        return ending != Ending.FAILED && samples > 0;
    }
}
