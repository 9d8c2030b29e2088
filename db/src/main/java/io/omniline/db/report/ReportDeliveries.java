package io.omniline.db.report;

import static io.omniline.db.jooq.Tables.REPORT_DELIVERY;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Which day a scheduled report was last mailed for. Sending holds the report's row for the
 * length of the send, so two nodes (or a node and its restart) never mail the same day twice;
 * a send that fails records nothing, so the day is tried again.
 */
public final class ReportDeliveries {

    private final DSLContext dsl;

    public ReportDeliveries(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<LocalDate> lastDay(String report) {
        return dsl.select(REPORT_DELIVERY.LAST_DAY)
                .from(REPORT_DELIVERY)
                .where(REPORT_DELIVERY.REPORT.eq(report))
                .fetchOptional(REPORT_DELIVERY.LAST_DAY);
    }

    /**
     * Runs {@code send} unless {@code day} (or a later one) was sent already, and records the day
     * when it returns.
     *
     * @return whether this call sent it
     * @throws RuntimeException what {@code send} threw; nothing is recorded then
     */
    public boolean sendOnce(String report, LocalDate day, Instant now, Runnable send) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            // The row a first send creates is only committed with its day: a failed send rolls it back.
            tx.insertInto(REPORT_DELIVERY)
                    .set(REPORT_DELIVERY.REPORT, report)
                    .set(REPORT_DELIVERY.LAST_DAY, day.minusDays(1))
                    .set(REPORT_DELIVERY.SENT_AT, now.atOffset(ZoneOffset.UTC))
                    .onConflictDoNothing()
                    .execute();
            LocalDate last = tx.select(REPORT_DELIVERY.LAST_DAY)
                    .from(REPORT_DELIVERY)
                    .where(REPORT_DELIVERY.REPORT.eq(report))
                    .forUpdate()
                    .fetchSingle(REPORT_DELIVERY.LAST_DAY);
            if (!last.isBefore(day)) {
                return false;
            }
            send.run();
            tx.update(REPORT_DELIVERY)
                    .set(REPORT_DELIVERY.LAST_DAY, day)
                    .set(REPORT_DELIVERY.SENT_AT, now.atOffset(ZoneOffset.UTC))
                    .where(REPORT_DELIVERY.REPORT.eq(report))
                    .execute();
            return true;
        });
    }
}
