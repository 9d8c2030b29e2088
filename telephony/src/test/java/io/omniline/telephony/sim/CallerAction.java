package io.omniline.telephony.sim;

/** What the simulated caller does when Asterisk waits for keys (GET DATA) or records them (RECORD FILE). */
public sealed interface CallerAction {

    /** Types these keys (a trailing # ends input as on a phone). */
    record Press(String keys) implements CallerAction {}

    /** Types nothing until the timeout. */
    record Silence() implements CallerAction {}

    /** Hangs up while the prompt plays. */
    record HangUp() implements CallerAction {}

    /** Something happens elsewhere while the prompt plays (a database goes down), then the caller does {@code then}. */
    record Meanwhile(Runnable happening, CallerAction then) implements CallerAction {}

    /** Speaks for {@code seconds} (heard only by RECORD FILE), then does {@code then}. */
    record Speak(double seconds, CallerAction then) implements CallerAction {}

    static CallerAction press(String keys) {
        return new Press(keys);
    }

    static CallerAction silence() {
        return new Silence();
    }

    static CallerAction hangUp() {
        return new HangUp();
    }

    static CallerAction speak(double seconds, CallerAction then) {
        return new Speak(seconds, then);
    }

    static CallerAction meanwhile(Runnable happening, CallerAction then) {
        return new Meanwhile(happening, then);
    }
}
