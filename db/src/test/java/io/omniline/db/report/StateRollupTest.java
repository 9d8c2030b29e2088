package io.omniline.db.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.seed.SeedPlan;
import io.omniline.db.seed.Seeder;
import io.omniline.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agent-state seconds read from the quarter-hour roll-ups equal the seconds cut from the log:
 * by agent and for all agents, by every interval, in zones with DST changes and offsets of 5:45
 * and 9:30, with periods that start and end inside a quarter-hour, and after a state written
 * late into quarter-hours already rolled.
 */
class StateRollupTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private Instant now;
    private ReportRepository reports;
    private ReportRollup rollup;

    @BeforeEach
    void seed() throws Exception {
        new Seeder(db.database().dataSource()).seed(new SeedPlan(1_000, 3_000, 6), done -> {});
        now = Instant.now();
        reports = new ReportRepository(db.dsl());
        rollup = new ReportRollup(db.dsl());
    }

    @Test
    void rolledSecondsEqualTheLogForEveryIntervalAndZone() {
        List<ReportPeriod> periods = periods();
        List<List<ReportRepository.StateRow>> cut =
                periods.stream().map(reports::fromLog).toList();
        // Nothing rolled yet: the log is cut for every quarter-hour.
        assertThat(reports.stateSeconds(periods.getFirst())).isEqualTo(cut.getFirst());

        rollup.rollAll(now, rules());

        assertThat(count("SELECT count(*) FROM report_state_rollup")).isGreaterThan(1_000);
        assertThat(count("SELECT count(*) FROM report_state_dirty")).isZero();
        for (int i = 0; i < periods.size(); i++) {
            assertThat(reports.stateSeconds(periods.get(i)))
                    .as(periods.get(i).toString())
                    .isEqualTo(cut.get(i))
                    .isNotEmpty();
        }
    }

    @Test
    void theReportReadsTheRollupsOfRolledQuarterHours() {
        rollup.rollAll(now, rules());
        ReportPeriod month = period(
                ZoneOffset.UTC,
                now.minus(Duration.ofDays(30)),
                now,
                ReportPeriod.Interval.WHOLE,
                ReportPeriod.Grouping.NONE);
        double available =
                reports.stateSeconds(month).getFirst().secondsByState().get("available");
        int rows = count("SELECT count(*) FROM report_state_rollup WHERE slot >= now() - interval '29 days'"
                + " AND slot < now() - interval '1 day'");

        db.dsl()
                .execute(
                        "UPDATE report_state_rollup SET available = available + 1 WHERE slot >= now() - interval '29 days'"
                                + " AND slot < now() - interval '1 day'");

        assertThat(rows).isGreaterThan(100);
        assertThat(reports.stateSeconds(month).getFirst().secondsByState().get("available"))
                .isEqualTo(available + rows);
    }

    @Test
    void aStateWrittenLateMarksItsStretchAndTheNextRollBringsItBack() {
        rollup.rollAll(now, rules());
        var agent = db.dsl()
                .fetchSingle("SELECT agent_id, at FROM agent_state_log WHERE at < now() - interval '10 days'"
                        + " AND state = 'on_call' ORDER BY at DESC LIMIT 1");
        long agentId = agent.get(0, Long.class);
        OffsetDateTime at = agent.get(1, OffsetDateTime.class).plusSeconds(1);
        OffsetDateTime next = db.dsl()
                .fetchSingle(
                        "SELECT min(at) FROM agent_state_log WHERE agent_id = ? AND at > ?::timestamptz", agentId, at)
                .get(0, OffsetDateTime.class);
        List<ReportPeriod> periods = samplePeriods();

        // A pause written late (retried through an outage), a second into a call long rolled.
        db.dsl()
                .execute(
                        "INSERT INTO agent_state_log (agent_id, state, reason, at, source) VALUES (?, 'paused', 'late', ?::timestamptz, 'desktop')",
                        agentId,
                        at);

        int marked = count("SELECT count(DISTINCT slot) FROM report_state_dirty");
        int stretch = (int) (Duration.between(slotOf(at), next.toInstant()).toMinutes() / 15) + 1;
        assertThat(marked).isBetween(1, stretch);
        assertEqualToTheLog(periods);

        assertThat(rollup.rollDue(now, rules(), ReportRollup.BATCH).stateSlots())
                .isEqualTo(marked);
        assertThat(count("SELECT count(*) FROM report_state_dirty")).isZero();
        assertEqualToTheLog(periods);

        // A state written as it changes marks only the quarter-hour that has not ended.
        db.dsl()
                .execute(
                        "INSERT INTO agent_state_log (agent_id, state, at, source) VALUES (?, 'logged_out', now(), 'ami')",
                        agentId);
        assertThat(count("SELECT count(*) FROM report_state_dirty WHERE slot + interval '15 minutes' <= now()"))
                .isZero();
        assertThat(count("SELECT count(*) FROM report_state_dirty")).isOne();
        assertEqualToTheLog(periods);
    }

    private void assertEqualToTheLog(List<ReportPeriod> periods) {
        for (ReportPeriod period : periods) {
            assertThat(reports.stateSeconds(period)).as(period.toString()).isEqualTo(reports.fromLog(period));
        }
    }

    private static Instant slotOf(OffsetDateTime at) {
        Instant instant = at.toInstant();
        return instant.truncatedTo(ChronoUnit.HOURS)
                .plus(Duration.ofMinutes(instant.atOffset(ZoneOffset.UTC).getMinute() / 15 * 15L));
    }

    /** By agent and for all agents, over 30 days by day and over the year by month, in New York. */
    private List<ReportPeriod> samplePeriods() {
        return periods().stream()
                .filter(period -> period.zone().equals(SamplePeriods.NEW_YORK))
                .filter(period -> period.interval() == ReportPeriod.Interval.MONTH
                        || period.interval() == ReportPeriod.Interval.DAY)
                .toList();
    }

    /** By agent and for all agents over every interval in every zone ({@link SamplePeriods}). */
    private List<ReportPeriod> periods() {
        return SamplePeriods.of(now, List.of(ReportPeriod.Grouping.AGENT, ReportPeriod.Grouping.NONE));
    }

    private int count(String sql) {
        return db.dsl().fetchSingle(sql).get(0, Integer.class);
    }

    private static ReportRollup.Rules rules() {
        return new ReportRollup.Rules(SamplePeriods.NEW_YORK, 5, 20, 7);
    }

    private ReportPeriod period(
            ZoneId zone, Instant from, Instant to, ReportPeriod.Interval interval, ReportPeriod.Grouping grouping) {
        return SamplePeriods.period(now, zone, from, to, interval, grouping);
    }
}
