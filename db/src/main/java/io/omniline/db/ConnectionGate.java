package io.omniline.db;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jooq.exception.DataAccessException;

/**
 * Lets as many pieces of database work in at once as the pool has connections, the others
 * waiting in the order they came. Thousands of virtual threads (a caller each) asking the pool
 * directly were served in no fair order: under load some waited past their budget while later
 * ones went first. A wait is bounded by the pool's own connection timeout.
 */
final class ConnectionGate {

    private final Semaphore permits;
    private final Duration timeout;

    ConnectionGate(int connections, Duration timeout) {
        this.permits = new Semaphore(connections, true);
        this.timeout = timeout;
    }

    /** @throws DataAccessException when no connection came free within the timeout */
    void enter() {
        try {
            if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new DataAccessException("no database connection came free within " + timeout.toMillis() + " ms ("
                        + permits.getQueueLength() + " waiting)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessException("interrupted while waiting for a database connection", e);
        }
    }

    void leave() {
        permits.release();
    }
}
