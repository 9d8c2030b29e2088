package io.omniline.bridge.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for something another thread does; fails with the last answer when it does not come. */
public final class Eventually {

    private Eventually() {}

    public static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + within + "; last seen: " + last);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            last = probe.get();
        }
        return last;
    }
}
