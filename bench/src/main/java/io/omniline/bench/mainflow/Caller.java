package io.omniline.bench.mainflow;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * One person calling: who they are to the customer database, and what they do when a prompt
 * waits for keys (GET DATA). Most listen and press keys after thinking; some stay silent once and
 * let a prompt time out; some hang up in the middle of the flow.
 *
 * @param callerId the number Asterisk gives as {@code agi_callerid} (E.164 digits, no plus, as a
 *     trunk presents them)
 * @param trouble the GET DATA (0 = the first) at which a silent caller stays silent or a
 *     hanging-up caller hangs up
 * @param think mean time from a prompt starting to the caller's keys
 */
public record Caller(
        int number,
        String uniqueId,
        String callerId,
        Kind kind,
        Behaviour behaviour,
        int trouble,
        Duration think,
        long seed) {

    /** What the customer database knows of the number. */
    public enum Kind {
        UNKNOWN,
        KNOWN,
        VIP
    }

    public enum Behaviour {
        PRESSES,
        SILENT_ONCE,
        HANGS_UP
    }

    /** What the caller does at one GET DATA. */
    sealed interface Answer {
        record Press(String digits, Duration after) implements Answer {}

        record Silence() implements Answer {}

        record HangUp(Duration after) implements Answer {}
    }

    /**
     * The caller's answer to their {@code index}-th GET DATA asking for up to {@code maxDigits}:
     * one key for a menu (the first is the language choice: mostly 1, English), an 8-digit account
     * number for a longer entry (typing takes longer).
     */
    Answer answer(int index, long maxDigits, SplittableRandom random) {
        Duration after = think.isZero()
                ? Duration.ZERO
                : Duration.ofMillis((long) (think.toMillis() * (0.5 + random.nextDouble())));
        if (index == trouble && behaviour == Behaviour.SILENT_ONCE) {
            return new Answer.Silence();
        }
        if (index == trouble && behaviour == Behaviour.HANGS_UP) {
            return new Answer.HangUp(after.dividedBy(2));
        }
        if (maxDigits > 1) {
            return new Answer.Press(
                    String.valueOf(10_000_000 + random.nextInt(90_000_000)), after.plus(after.dividedBy(2)));
        }
        String key = index == 0 ? (random.nextInt(10) == 0 ? "2" : "1") : String.valueOf(1 + random.nextInt(3));
        return new Answer.Press(key, after);
    }
}
