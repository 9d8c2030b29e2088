package io.omniline.telephony.callbacks;

import io.omniline.runtime.Backoff;
import java.time.Duration;
import java.time.Instant;

/**
 * How callbacks are placed.
 *
 * @param every how often due callbacks are looked at (zero: only when asked, in tests)
 * @param firstRetry the wait after the first call the customer did not answer; it doubles with
 *     each further attempt, up to {@code longestRetry}
 * @param agentRing how long the agent's phone rings ({@code Timeout} of the Originate)
 * @param placementLimit how long a placement may go without word from Asterisk before it counts
 *     as lost (the agent's ring, the customer's ring in the dialplan, and a margin)
 * @param agentRetry the wait after an agent did not answer or could not be called (the customer
 *     was not called, so it costs no attempt)
 * @param callerId the number the agent's phone shows, with the customer's number as the name
 */
public record CallbackSettings(
        Duration every,
        Duration firstRetry,
        Duration longestRetry,
        Duration agentRing,
        Duration placementLimit,
        Duration agentRetry) {

    public static CallbackSettings defaults(Duration every, Duration firstRetry) {
        return new CallbackSettings(
                every,
                firstRetry,
                Duration.ofHours(1),
                Duration.ofSeconds(20),
                Duration.ofMinutes(3),
                Duration.ofSeconds(30));
    }

    /** When to try again after {@code attempts} calls to the customer went unanswered. */
    Instant retryAfter(Instant now, int attempts) {
        return now.plus(Backoff.afterFailures(firstRetry, longestRetry, attempts));
    }
}
