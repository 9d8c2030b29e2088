package io.omniline.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.report.ReportPeriod;
import io.omniline.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A report's queries run side by side, but never more than {@link ReportService#QUERIES_AT_ONCE}
 * of all the node's reports at once, so reports cannot take the connections calls need; the rest
 * wait their turn and every report is answered.
 */
class ReportQueriesAtOnceTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    @Test
    void manyComparedReportsRunAtMostSoManyQueriesAtOnceAndAllAreAnswered() throws Exception {
        DatabaseSettings test = db.settings();
        // A pool as large as a node's, so the limit is the service's, not the pool's.
        try (Database node = Database.connect(
                        new DatabaseSettings(test.jdbcUrl(), test.user(), test.password(), 20, test.connectTimeout()));
                Connection holder = db.database().dataSource().getConnection()) {
            ReportService reports = new ReportService(
                    node.repositories().reports(),
                    node.repositories().agents(),
                    new ReportSettings(ZoneOffset.UTC, 5, 20, 7),
                    Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC));
            ReportRequest request = new ReportRequest(
                    Instant.parse("2026-11-25T00:00:00Z"),
                    Instant.parse("2026-12-02T00:00:00Z"),
                    ReportPeriod.Interval.DAY,
                    ReportPeriod.Grouping.NONE,
                    List.of(Measure.OFFERED, Measure.OCCUPANCY),
                    true);
            // Every report query reads these: while they are locked, each query that runs waits on the lock.
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE report_rollup_slot, report_state_rolled IN ACCESS EXCLUSIVE MODE");
            }
            ExecutorService supervisors = Executors.newFixedThreadPool(4);
            List<Future<Report>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    answers.add(supervisors.submit(() -> reports.run(request)));
                }
                // Four compared reports ask sixteen queries; only so many run, the others wait for a turn.
                waitFor(() -> waitingOnTheLock() == ReportService.QUERIES_AT_ONCE);
                Thread.sleep(300);
                assertThat(waitingOnTheLock()).isEqualTo(ReportService.QUERIES_AT_ONCE);
            } finally {
                holder.rollback();
                supervisors.shutdown();
            }
            for (Future<Report> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS).columns()).hasSize(2);
            }
        }
    }

    private int waitingOnTheLock() {
        return db.dsl()
                .fetchSingle("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND datname = current_database()")
                .get(0, Integer.class);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
