package io.omniline.ivr.run;

import io.omniline.ivr.model.SayMode;
import java.time.Duration;
import java.util.List;

/**
 * What the interpreter can do with a call. Telephony implements it over an AGI session; the
 * simulator over scripted caller input. Every method throws {@link CallerHungUpException} once
 * the caller has gone.
 */
public interface CallChannel {

    void answer();

    /** Plays prompts in the language, not interruptible. */
    void play(List<String> prompts, String language);

    /**
     * Plays a prompt (may be null) and reads up to {@code maxDigits} digits, stopping early at
     * the terminator; the caller may start typing during the prompt.
     *
     * @return the digits typed, without the terminator; empty when the caller typed nothing in time
     */
    String readDigits(String prompt, String language, int maxDigits, Duration timeout, String terminator);

    void say(SayMode mode, String value, String language);

    /**
     * Leaves the caller's language on the call for what follows the flow: the dialplan's own
     * prompts (a queue's announcements) and a later flow on the same call (the survey). A channel
     * that plays prompts in their language on every call needs to do nothing.
     */
    default void keepLanguage(String language) {}

    /**
     * Plays {@code prompt}, beeps and records the caller into {@code file} until they press #, stay
     * silent for {@code silence} or reach {@code limit}. A caller hanging up ends the recording
     * without an exception: what they said is kept, and the next command finds the caller gone.
     *
     * @param file where the recording goes, as the telephony side named it (never the caller's input)
     */
    Recording record(String prompt, String language, String file, Duration limit, Duration silence);

    /** Sets a channel variable the dialplan reads after the IVR. */
    void setVariable(String name, String value);
}
