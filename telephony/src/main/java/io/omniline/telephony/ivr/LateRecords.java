package io.omniline.telephony.ivr;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;

/**
 * Records of calls the database kept waiting past the IVR's budget are stored a few at a time.
 * When they queued at the connection gate with everybody else, a backlog of them stood in front
 * of the next callers' reads: those callers missed their budget too and added records of their
 * own, so one slow second turned into minutes of callers sent to the fallback queue. Held here,
 * late records wait behind one another only, and the callers' reads keep the rest of the pool.
 */
final class LateRecords {

    private final Semaphore turns;

    /** @param atOnce late records stored at once, each on a connection of its own */
    LateRecords(int atOnce, MeterRegistry registry) {
        this.turns = new Semaphore(Math.max(1, atOnce), true);
        Gauge.builder("omniline_ivr_late_records_waiting", turns, Semaphore::getQueueLength)
                .description("records of calls past the IVR's database budget waiting their turn to be stored")
                .register(registry);
    }

    /**
     * Stores {@code record} once a turn is free, in the order they came.
     *
     * @throws IllegalStateException when interrupted while waiting (Omniline is stopping): not stored
     */
    void store(Runnable record) {
        try {
            turns.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting its turn to be stored", e);
        }
        try {
            record.run();
        } finally {
            turns.release();
        }
    }
}
