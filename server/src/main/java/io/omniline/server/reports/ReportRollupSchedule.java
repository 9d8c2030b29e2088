package io.omniline.server.reports;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.report.ReportRollup;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the roll-ups of the report figures up to date every {@code reports.rollupSeconds}: the
 * quarter-hours that ended since, those whose contacts or surveys changed, and the local days of
 * {@code reports.timeZone} made from them. A history never rolled (an installation upgraded with its contacts) is rolled
 * a batch at a time, batch after batch, until it is done. A failure (the database down) is
 * logged and counted, and the next turn tries again; until then reports count those contacts.
 */
public final class ReportRollupSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReportRollupSchedule.class);

    private final ReportRollup rollup;
    private final ReportSettings settings;
    private final Clock clock;
    private final Counter rolled;
    private final Counter stateRolled;
    private final Counter failures;
    private ScheduledExecutorService timer;

    public ReportRollupSchedule(ReportRollup rollup, ReportSettings settings, Clock clock, MeterRegistry registry) {
        this.rollup = rollup;
        this.settings = settings;
        this.clock = clock;
        this.rolled = Counter.builder("omniline_report_rollup_slots_total")
                .description("Quarter-hours whose report roll-up was made or remade")
                .register(registry);
        this.stateRolled = Counter.builder("omniline_report_state_rollup_slots_total")
                .description("Quarter-hours whose agent-state roll-up was made or remade")
                .register(registry);
        this.failures = Counter.builder("omniline_report_rollup_failures_total")
                .description("Roll-up turns that failed (tried again at the next turn)")
                .register(registry);
    }

    /** Turns every {@code every} on a thread of its own. */
    public ReportRollupSchedule start(Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("report-rollup").daemon().factory());
        timer.scheduleWithFixedDelay(this::turnQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Rolls what is due, a batch per transaction, until a batch is not full.
     *
     * @return the quarter-hours rolled
     */
    public int turn() {
        int total = 0;
        ReportRollup.Rolled batch;
        do {
            batch = rollup.rollDue(clock.instant(), settings.rollupRules(), ReportRollup.BATCH);
            total += batch.slots();
            rolled.increment(batch.slots());
            stateRolled.increment(batch.stateSlots());
        } while (batch.full() && !Thread.currentThread().isInterrupted());
        return total;
    }

    private void turnQuietly() {
        try {
            long started = System.nanoTime();
            int slots = turn();
            if (slots >= ReportRollup.BATCH) {
                log.info(
                        "rolled up the report figures of {} quarter-hours in {} ms",
                        slots,
                        (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("the report roll-ups could not be brought up to date; trying again next turn: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
