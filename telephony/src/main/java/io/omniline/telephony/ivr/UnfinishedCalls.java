package io.omniline.telephony.ivr;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls whose {@link CallDatabase} still has work: a caller in the IVR or the survey, or
 * records waiting for the database. A stopping node waits on them before it lets its database go,
 * or those records would be lost without a word.
 */
final class UnfinishedCalls {

    private final AtomicInteger unfinished = new AtomicInteger();

    /** The database work of one more call, counted until it is closed and has done what it holds. */
    CallDatabase open(Duration budget) {
        unfinished.incrementAndGet();
        return new CallDatabase(budget, unfinished::decrementAndGet);
    }

    /**
     * Waits up to {@code timeout} for every call's database work to be done.
     *
     * @return the calls whose database work was still not done
     */
    int await(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (unfinished.get() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        return unfinished.get();
    }
}
