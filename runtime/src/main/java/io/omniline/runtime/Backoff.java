package io.omniline.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for one retry loop: each {@link #next()} waits up to twice the
 * last, capped, each wait drawn from its upper half so many loops retrying at once spread out.
 * Not thread-safe: one loop, one instance.
 */
public final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration current;

    public Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max.compareTo(min) < 0 ? min : max;
        this.current = min;
    }

    /**
     * The wait before the next try of something that failed {@code failures} times, for a retry
     * kept in a database row rather than a loop: {@code first} after the first failure, doubling
     * with each further one, at most {@code longest}. No jitter: rows are due at different times.
     */
    public static Duration afterFailures(Duration first, Duration longest, int failures) {
        Duration wait = first;
        for (int i = 1; i < failures && wait.compareTo(longest) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(longest) > 0 ? longest : wait;
    }

    /** The wait before the next try; the one after it will be longer, up to the cap. */
    public Duration next() {
        long millis = current.toMillis();
        Duration wait =
                Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        return wait;
    }

    /** After a success: the next failure waits the shortest time again. */
    public void reset() {
        current = min;
    }
}
