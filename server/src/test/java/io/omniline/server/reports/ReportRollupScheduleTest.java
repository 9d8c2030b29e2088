package io.omniline.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node's roll-up schedule: a contact of a past day is rolled into its quarter-hour and its
 * local day at the next turn; with the database down a turn fails, is counted, and a later turn
 * rolls what was left once the database is back, without anyone starting it again.
 */
class ReportRollupScheduleTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private static final ZoneId ZONE = ZoneId.of("Europe/Madrid");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ReportSettings settings = new ReportSettings(ZONE, 5, 20, 7);

    @Test
    void aTurnRollsTheQuarterHourAndTheDayOfAContactAndTheAgentStatesSince() {
        Instant started = contactTwoDaysAgo();
        db.dsl().execute("INSERT INTO agent (login, display_name) VALUES ('ana', 'Ana')");
        db.dsl()
                .execute(
                        "INSERT INTO agent_state_log (agent_id, state, at, source)"
                                + " SELECT id, 'available', ?::timestamptz, 'ami' FROM agent WHERE login = 'ana'",
                        started.atOffset(ZoneOffset.UTC));
        ReportRollupSchedule schedule =
                new ReportRollupSchedule(db.database().reportRollup(), settings, Clock.systemUTC(), registry);

        assertThat(schedule.turn()).isOne();

        assertThat(slotsRolled()).isOne();
        assertThat(dayMade(started)).isTrue();
        assertThat(registry.counter("omniline_report_rollup_slots_total").count())
                .isEqualTo(1.0);
        // The agent has been available since: every quarter-hour that has ended is rolled.
        int quarterHours = db.dsl()
                .fetchSingle("SELECT count(*) FROM report_state_rollup WHERE available > 0")
                .get(0, Integer.class);
        assertThat(quarterHours).isGreaterThan(2 * 4 * 24 - 2 * 4);
        assertThat(registry.counter("omniline_report_state_rollup_slots_total").count())
                .isEqualTo(quarterHours);
        assertThat(schedule.turn()).isZero();
    }

    @Test
    void aTurnWithTheDatabaseDownIsCountedAndALaterTurnRollsWhatWasLeft() throws Exception {
        Instant started = contactTwoDaysAgo();
        try (ReportRollupSchedule schedule =
                new ReportRollupSchedule(db.database().reportRollup(), settings, Clock.systemUTC(), registry)) {
            try (TestDatabase.Outage outage = db.outage()) {
                schedule.start(Duration.ofMillis(200));
                waitFor(() -> registry.counter("omniline_report_rollup_failures_total")
                                .count()
                        >= 1);
            }
            waitFor(() -> slotsRolled() == 1);
            assertThat(dayMade(started)).isTrue();
        }
    }

    private Instant contactTwoDaysAgo() {
        LocalDateTime started = LocalDate.now(ZONE).minusDays(2).atTime(10, 5);
        new HandMadeContacts(db.dsl(), ZONE)
                .add(HandMadeContacts.Contact.call(started).queued("support", 5).abandoned(30));
        return started.atZone(ZONE).toInstant();
    }

    private int slotsRolled() {
        return db.dsl()
                .fetchSingle("SELECT count(*) FROM report_rollup_slot WHERE settled")
                .get(0, Integer.class);
    }

    private boolean dayMade(Instant started) {
        return db.dsl()
                        .fetchSingle(
                                "SELECT count(*) FROM report_rollup_day_made WHERE day = ?::date AND zone = ?",
                                LocalDate.ofInstant(started, ZONE).toString(),
                                ZONE.getId())
                        .get(0, Integer.class)
                == 1;
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
