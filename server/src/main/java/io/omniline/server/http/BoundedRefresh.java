package io.omniline.server.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the scrape's figures up to date, but waits for that at most {@code bound}: a database
 * that hangs or is down would otherwise hold every scrape for the pool's whole connection
 * timeout, and Prometheus would see the node as down too. When the refresh does not finish in
 * time the scrape serves the figures of the last refresh that did, and says so in
 * {@code omniline_metrics_stale} (1) and {@code omniline_metrics_age_seconds}. At most one refresh
 * runs at a time; a scrape during a slow one waits for that one, never starts another.
 */
public final class BoundedRefresh implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BoundedRefresh.class);

    private final BooleanSupplier refresh;
    private final Duration bound;
    private final Clock clock;
    private final ExecutorService worker = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicReference<CompletableFuture<Boolean>> running = new AtomicReference<>();
    private volatile boolean stale;
    private volatile Instant refreshedAt;

    /** @param refresh brings the figures up to date; false when it could only keep the last ones (a read failed) */
    public BoundedRefresh(BooleanSupplier refresh, Duration bound, MeterRegistry registry, Clock clock) {
        this.refresh = refresh;
        this.bound = bound;
        this.clock = clock;
        this.refreshedAt = clock.instant();
        Gauge.builder("omniline_metrics_stale", this, r -> r.stale ? 1 : 0)
                .description("1 when the last scrape's queue figures could not be brought up to date in time (the"
                        + " database is slow or away): they are the last ones read")
                .register(registry);
        Gauge.builder("omniline_metrics_age_seconds", this, BoundedRefresh::ageSeconds)
                .description("seconds since the queue figures were last brought up to date")
                .register(registry);
    }

    @Override
    public void run() {
        CompletableFuture<Boolean> attempt = running.updateAndGet(current -> current == null || current.isDone()
                ? CompletableFuture.supplyAsync(refresh::getAsBoolean, worker)
                : current);
        try {
            stale = !attempt.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            if (!stale) {
                refreshedAt = clock.instant();
            }
        } catch (TimeoutException e) {
            stale = true;
        } catch (ExecutionException e) {
            log.warn("the scrape's figures could not be brought up to date", e.getCause());
            stale = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stale = true;
        }
    }

    private double ageSeconds() {
        return Duration.between(refreshedAt, clock.instant()).toMillis() / 1000.0;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
