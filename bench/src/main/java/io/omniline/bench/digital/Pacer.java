package io.omniline.bench.digital;

import java.util.concurrent.TimeUnit;

/** A steady rate: the n-th send is due n intervals after the pacer was made. */
final class Pacer {

    private final long start = System.nanoTime();
    private final long interval;

    Pacer(int perSecond) {
        this.interval = TimeUnit.SECONDS.toNanos(1) / Math.max(1, perSecond);
    }

    long start() {
        return start;
    }

    /** Waits until the n-th send (from 0) is due. */
    void await(int n) throws InterruptedException {
        long wait = start + n * interval - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
