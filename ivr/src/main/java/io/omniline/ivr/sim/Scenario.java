package io.omniline.ivr.sim;

import io.omniline.ivr.run.CustomerFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A simulated call: who calls, when, who they turn out to be, and what they press.
 *
 * @param customer the customer the caller's number belongs to, or null for an unknown caller
 * @param accounts customers by account digits, for lookups by entered account
 * @param inputs what the caller does at each prompt that waits for keys, in order; when the
 *     script runs out the caller stays silent
 */
public record Scenario(
        String callerNumber,
        String callerName,
        String dialledNumber,
        Instant at,
        CustomerFacts customer,
        Map<String, CustomerFacts> accounts,
        List<Input> inputs) {

    public Scenario {
        callerNumber = callerNumber == null ? "+15551230000" : callerNumber;
        at = at == null ? Instant.now() : at;
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    /**
     * One thing the caller does when a prompt waits: type {@code digits} after
     * {@code afterSeconds}, say nothing (no digits), or hang up.
     */
    public record Input(String digits, Double afterSeconds, Boolean hangup) {

        public static Input press(String digits) {
            return new Input(digits, 0.0, false);
        }

        public static Input pressAfter(String digits, double seconds) {
            return new Input(digits, seconds, false);
        }

        public static Input silence() {
            return new Input(null, 0.0, false);
        }

        public static Input hangUp() {
            return new Input(null, 0.0, true);
        }

        boolean isHangup() {
            return Boolean.TRUE.equals(hangup);
        }

        double delay() {
            return afterSeconds == null ? 0 : afterSeconds;
        }
    }
}
