package io.omniline.db.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.seed.SeedPlan;
import io.omniline.db.seed.Seeder;
import io.omniline.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reports that read the quarter-hour roll-ups give exactly what counting every contact gives:
 * for every grouping and interval, in zones with DST changes and with offsets of 5:45 and 9:30,
 * with part of the period rolled, and after late changes to contacts already rolled.
 */
class ReportRollupTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    /** Every figure: the sums, and the 90th-percentile wait read from the days' waits. */
    private static final Set<ContactFigure> FIGURES = EnumSet.allOf(ContactFigure.class);

    private static final ZoneId NEW_YORK = SamplePeriods.NEW_YORK;

    private Instant now;
    private ReportRepository reports;
    private ReportRollup rollup;

    @BeforeEach
    void seed() throws Exception {
        new Seeder(db.database().dataSource()).seed(new SeedPlan(3_000, 9_000, 17), done -> {});
        now = Instant.now();
        reports = new ReportRepository(db.dsl());
        rollup = new ReportRollup(db.dsl());
    }

    @Test
    void rolledReportsEqualTheContactsForEveryGroupingIntervalAndZone() {
        List<ReportPeriod> periods = periods();
        List<List<ReportRepository.ContactRow>> counted =
                periods.stream().map(this::counted).toList();

        int rolled = rollup.rollAll(now, rules(5, 20, 7));

        assertThat(rolled).isGreaterThan(1_000);
        assertThat(dirtyBefore(now)).isZero();
        assertThat(count("SELECT count(*) FROM report_rollup_day_made WHERE zone = 'America/New_York'"))
                .isGreaterThan(300);
        assertRollupsEqual(periods, counted);

        // Days of another zone: the slots stay as they are, every day is made again.
        ReportRollup.Rules kathmandu = new ReportRollup.Rules(ZoneId.of("Asia/Kathmandu"), 5, 20, 7);
        ReportRollup.Rolled again;
        do {
            again = rollup.rollDue(now, kathmandu, ReportRollup.BATCH);
            assertThat(again.slots()).isZero();
        } while (again.full());
        assertThat(count("SELECT count(*) FROM report_rollup_day_made WHERE zone = 'Asia/Kathmandu'"))
                .isGreaterThan(300);
        assertRollupsEqual(periods, counted);
    }

    private void assertRollupsEqual(List<ReportPeriod> periods, List<List<ReportRepository.ContactRow>> counted) {
        for (int i = 0; i < periods.size(); i++) {
            assertThat(reports.contactFigures(periods.get(i), FIGURES))
                    .as(periods.get(i).toString())
                    .isEqualTo(counted.get(i))
                    .isNotEmpty();
        }
    }

    @Test
    void theReportReadsTheRollupsOfCleanSlotsOnly() {
        ReportPeriod year = period(
                ZoneOffset.UTC,
                now.minus(Duration.ofDays(400)),
                now,
                ReportPeriod.Interval.WHOLE,
                ReportPeriod.Grouping.NONE);
        double contacts = figure(year, ContactFigure.CONTACTS);
        rollup.rollAll(now, rules(5, 20, 7));
        int rows = count("SELECT count(*) FROM report_rollup WHERE grouped_by = 'none'");

        db.dsl().execute("UPDATE report_rollup SET contacts = contacts + 1 WHERE grouped_by = 'none'");

        assertThat(figure(year, ContactFigure.CONTACTS)).isEqualTo(contacts + rows);
        // In the zone the days were made in, a long report reads whole days.
        ReportPeriod days = period(
                NEW_YORK,
                LocalDate.ofInstant(now, NEW_YORK)
                        .minusDays(90)
                        .atStartOfDay(NEW_YORK)
                        .toInstant(),
                LocalDate.ofInstant(now, NEW_YORK).atStartOfDay(NEW_YORK).toInstant(),
                ReportPeriod.Interval.WHOLE,
                ReportPeriod.Grouping.NONE);
        double inDays = figure(days, ContactFigure.CONTACTS);
        LocalDate today = LocalDate.ofInstant(now, NEW_YORK);
        int madeDays = db.dsl()
                .fetchSingle(
                        "SELECT count(*) FROM report_rollup_day WHERE grouped_by = 'none' AND day >= ?::date AND day < ?::date",
                        today.minusDays(90).toString(),
                        today.toString())
                .get(0, Integer.class);
        db.dsl().execute("UPDATE report_rollup_day SET contacts = contacts + 1000 WHERE grouped_by = 'none'");
        assertThat(madeDays).isGreaterThan(80);
        assertThat(figure(days, ContactFigure.CONTACTS)).isEqualTo(inDays + 1000.0 * madeDays);
        // The 90th-percentile wait over whole days reads the waits the days keep.
        db.dsl()
                .execute("UPDATE report_rollup_day SET wait_values = '{7777}', wait_counts = '{1000000}'"
                        + " WHERE grouped_by = 'none'");
        assertThat(figure(days, ContactFigure.WAIT_P90_SECONDS)).isEqualTo(7777.0);
        // Other thresholds than the roll-ups were made with: the contacts are counted.
        ReportPeriod otherThresholds = new ReportPeriod(
                year.from(),
                year.to(),
                now,
                ZoneOffset.UTC,
                ReportPeriod.Interval.WHOLE,
                ReportPeriod.Grouping.NONE,
                6,
                20,
                7);
        assertThat(reports.contactFigures(otherThresholds, EnumSet.of(ContactFigure.CONTACTS))
                        .getFirst()
                        .figures()
                        .get(ContactFigure.CONTACTS))
                .isEqualTo(contacts);
        // A report asking a figure that is not a sum reads the sums from the roll-ups all the same,
        // and counts that figure from the contacts.
        Map<ContactFigure, Double> withP90 = reports.contactFigures(
                        year, EnumSet.of(ContactFigure.CONTACTS, ContactFigure.WAIT_P90_SECONDS))
                .getFirst()
                .figures();
        assertThat(withP90.get(ContactFigure.CONTACTS)).isEqualTo(contacts + rows);
        assertThat(withP90.get(ContactFigure.WAIT_P90_SECONDS))
                .isPositive()
                .isEqualTo(reports.fromContacts(year, EnumSet.of(ContactFigure.WAIT_P90_SECONDS))
                        .getFirst()
                        .figures()
                        .get(ContactFigure.WAIT_P90_SECONDS));
        // A report made as of before the roll counts the contacts.
        ReportPeriod earlier = new ReportPeriod(
                year.from(),
                now.minusSeconds(1),
                now.minusSeconds(1),
                ZoneOffset.UTC,
                ReportPeriod.Interval.WHOLE,
                ReportPeriod.Grouping.NONE,
                5,
                20,
                7);
        assertThat(figure(earlier, ContactFigure.CONTACTS))
                .isEqualTo(counted(earlier).getFirst().figures().get(ContactFigure.CONTACTS));
        // Re-rolled with other thresholds, the slots are rolled again from their contacts.
        rollDueAll(rules(6, 20, 7));
        assertThat(figure(otherThresholds, ContactFigure.CONTACTS)).isEqualTo(contacts);
        assertThat(count("SELECT count(*) FROM report_rollup_slot WHERE short_abandon_seconds <> 6"))
                .isZero();
    }

    @Test
    void aPeriodHalfRolledEqualsTheContacts() {
        List<ReportPeriod> periods = periods();
        List<List<ReportRepository.ContactRow>> counted =
                periods.stream().map(this::counted).toList();
        // As the migration leaves an installation's history: every slot with contacts marked.
        db.dsl()
                .execute("INSERT INTO report_rollup_dirty (slot) SELECT DISTINCT date_bin(interval '15 minutes',"
                        + " started_at, timestamptz '2000-01-01 00:00:00+00') FROM interaction");
        int slots = dirtyBefore(now);

        int rolled = rollup.rollDue(now, rules(5, 20, 7), slots / 2).slots();

        assertThat(rolled).isEqualTo(slots / 2);
        assertThat(dirtyBefore(now)).isPositive();
        for (int i = 0; i < periods.size(); i++) {
            assertThat(reports.contactFigures(periods.get(i), FIGURES))
                    .as(periods.get(i).toString())
                    .isEqualTo(counted.get(i));
        }
    }

    @Test
    void lateChangesMarkTheirSlotDirtyAndTheNextRollBringsItBack() {
        long surveyed = db.dsl()
                .fetchSingle("SELECT i.id FROM interaction i JOIN csat_survey s ON s.interaction_id = i.id"
                        + " WHERE s.score IS NULL AND i.started_at < now() - interval '2 days' ORDER BY i.id LIMIT 1")
                .get(0, Long.class);
        long answered = db.dsl()
                .fetchSingle(
                        "SELECT id FROM interaction WHERE answered_at IS NOT NULL"
                                + " AND started_at < now() - interval '2 days' AND id <> ? ORDER BY id DESC LIMIT 1",
                        surveyed)
                .get(0, Long.class);
        OffsetDateTime old = now.minus(Duration.ofDays(20)).atOffset(ZoneOffset.UTC);
        long added = db.dsl().transactionResult(config -> {
            DSLContext tx = config.dsl();
            tx.execute("SET LOCAL omniline.import = 'on'");
            return tx.fetchSingle(
                            "INSERT INTO interaction (channel, direction, state, outcome, queue_name, started_at,"
                                    + " queued_at, answered_at, ended_at, talk_seconds)"
                                    + " VALUES ('voice', 'inbound', 'ended', 'completed', 'late', ?::timestamptz, ?::timestamptz,"
                                    + " ?::timestamptz, ?::timestamptz, 60) RETURNING id",
                            old,
                            old.plusSeconds(10),
                            old.plusSeconds(25),
                            old.plusSeconds(85))
                    .get(0, Long.class);
        });
        List<ReportPeriod> periods = samplePeriods();
        rollup.rollAll(now, rules(5, 20, 7));
        assertThat(dirtyBefore(now)).isZero();

        db.dsl().execute("UPDATE interaction SET disposition = 'late-reason' WHERE id = ?", answered);
        db.dsl().execute("UPDATE csat_survey SET score = 1, answered_at = now() WHERE interaction_id = ?", surveyed);
        db.dsl().execute("UPDATE interaction SET answered_at = answered_at - interval '5 seconds' WHERE id = ?", added);
        int dirty = dirtyBefore(now);
        assertThat(dirty).isBetween(1, 3);
        assertEqualToContacts(periods);

        assertThat(rollup.rollDue(now, rules(5, 20, 7), 100).slots()).isEqualTo(dirty);
        assertThat(dirtyBefore(now)).isZero();
        assertEqualToContacts(periods);

        db.dsl().execute("DELETE FROM interaction WHERE id = ?", added);
        // A change of a column no figure reads marks nothing.
        db.dsl().execute("UPDATE interaction SET notes = 'read again' WHERE id = ?", answered);
        assertThat(dirtyBefore(now)).isEqualTo(1);
        assertEqualToContacts(periods);
        rollDueAll(rules(5, 20, 7));
        assertThat(dirtyBefore(now)).isZero();
        assertEqualToContacts(periods);
    }

    @Test
    void aNewContactReRollsTheCustomersEarlierContactsWithinTheFirstContactWindow() {
        // An answered call with a reason, by a customer who made no contact in the 7 days after it.
        var earlier = db.dsl()
                .fetchSingle("SELECT i.id, i.customer_id, i.started_at, i.disposition FROM interaction i"
                        + " WHERE i.channel = 'voice' AND i.answered_at IS NOT NULL AND i.disposition IS NOT NULL"
                        + " AND i.customer_id IS NOT NULL AND i.started_at < now() - interval '20 days'"
                        + " AND NOT EXISTS (SELECT 1 FROM interaction n WHERE n.customer_id = i.customer_id"
                        + "   AND n.started_at > i.started_at AND n.started_at <= i.started_at + interval '8 days')"
                        + " ORDER BY i.id LIMIT 1");
        OffsetDateTime at = earlier.get(2, OffsetDateTime.class);
        ReportPeriod day = period(
                ZoneOffset.UTC,
                at.toInstant().truncatedTo(ChronoUnit.DAYS),
                at.toInstant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)),
                ReportPeriod.Interval.WHOLE,
                ReportPeriod.Grouping.CHANNEL_AND_DISPOSITION);
        List<ReportPeriod> periods = new ArrayList<>(samplePeriods());
        periods.add(day);
        rollup.rollAll(now, rules(5, 20, 7));
        Map<String, Map<ContactFigure, Double>> before = byKey(reports.contactFigures(day, FIGURES));

        // Two days later the customer writes about the same thing.
        db.dsl().transaction(config -> {
            config.dsl().execute("SET LOCAL omniline.import = 'on'");
            config.dsl()
                    .execute(
                            "INSERT INTO interaction (channel, direction, state, outcome, customer_id, started_at,"
                                    + " ended_at, disposition)"
                                    + " VALUES ('email', 'inbound', 'ended', 'completed', ?, ?::timestamptz, ?::timestamptz, ?)",
                            earlier.get(1, Long.class),
                            at.plusDays(2),
                            at.plusDays(2).plusMinutes(5),
                            earlier.get(3, String.class));
        });

        assertThat(dirtyBefore(now)).isGreaterThanOrEqualTo(2);
        assertEqualToContacts(periods);
        rollDueAll(rules(5, 20, 7));
        assertThat(dirtyBefore(now)).isZero();
        assertEqualToContacts(periods);
        Map<ContactFigure, Double> cell =
                byKey(reports.contactFigures(day, FIGURES)).get("voice:" + earlier.get(3, String.class));
        Map<ContactFigure, Double> cellBefore = before.get("voice:" + earlier.get(3, String.class));
        assertThat(cell.get(ContactFigure.FCR_RESOLVED)).isEqualTo(cellBefore.get(ContactFigure.FCR_RESOLVED) - 1);
        assertThat(cell.get(ContactFigure.SWITCHED_CHANNEL))
                .isEqualTo(cellBefore.get(ContactFigure.SWITCHED_CHANNEL) + 1);

        // Reports with another window count the contacts until the roll-ups are made with it.
        ReportPeriod otherWindow =
                new ReportPeriod(day.from(), day.to(), now, day.zone(), day.interval(), day.grouping(), 5, 20, 1);
        assertThat(reports.contactFigures(otherWindow, FIGURES)).isEqualTo(counted(otherWindow));
        rollDueAll(rules(5, 20, 1));
        assertThat(count("SELECT count(*) FROM report_rollup_slot WHERE fcr_days <> 1"))
                .isZero();
        assertThat(count("SELECT fcr_days FROM report_rollup_window")).isEqualTo(1);
        assertThat(reports.contactFigures(otherWindow, FIGURES)).isEqualTo(counted(otherWindow));
    }

    private static Map<String, Map<ContactFigure, Double>> byKey(List<ReportRepository.ContactRow> rows) {
        return rows.stream()
                .collect(Collectors.toMap(ReportRepository.ContactRow::key, ReportRepository.ContactRow::figures));
    }

    @Test
    void aSlotWithAContactStillWaitingIsReadFromTheContactsUntilItEnds() {
        OffsetDateTime old = now.minus(Duration.ofDays(3)).atOffset(ZoneOffset.UTC);
        long waiting = db.dsl().transactionResult(config -> {
            DSLContext tx = config.dsl();
            tx.execute("SET LOCAL omniline.import = 'on'");
            return tx.fetchSingle(
                            "INSERT INTO interaction (channel, direction, state, queue_name, started_at, queued_at)"
                                    + " VALUES ('chat', 'inbound', 'queued', 'stuck', ?::timestamptz, ?::timestamptz) RETURNING id",
                            old,
                            old.plusSeconds(5))
                    .get(0, Long.class);
        });
        rollup.rollAll(now, rules(5, 20, 7));
        ReportPeriod days = period(
                ZoneId.of("Asia/Kathmandu"),
                now.minus(Duration.ofDays(5)),
                now.plusSeconds(600),
                ReportPeriod.Interval.DAY,
                ReportPeriod.Grouping.QUEUE);
        ReportPeriod later = new ReportPeriod(
                days.from(), days.to(), now.plusSeconds(600), days.zone(), days.interval(), days.grouping(), 5, 20, 7);

        assertThat(reports.contactFigures(later, FIGURES)).isEqualTo(counted(later));
        assertThat(unsettled(old)).isTrue();

        db.dsl()
                .execute(
                        "UPDATE interaction SET state = 'ended', outcome = 'abandoned_in_queue', ended_at = ?::timestamptz"
                                + " WHERE id = ?",
                        old.plusSeconds(65),
                        waiting);
        rollup.rollAll(now, rules(5, 20, 7));

        assertThat(unsettled(old)).isFalse();
        assertThat(reports.contactFigures(later, FIGURES)).isEqualTo(counted(later));
    }

    private void assertEqualToContacts(List<ReportPeriod> periods) {
        for (ReportPeriod period : periods) {
            assertThat(reports.contactFigures(period, FIGURES))
                    .as(period.toString())
                    .isEqualTo(counted(period));
        }
    }

    /** Rolls what is due until nothing is: without marking every slot again, as rollAll does. */
    private void rollDueAll(ReportRollup.Rules rules) {
        ReportRollup.Rolled rolled;
        do {
            rolled = rollup.rollDue(now, rules, ReportRollup.BATCH);
        } while (rolled.full());
    }

    /**
     * Fewer periods for the tests that compare after each change: a year by month and 30 days by
     * day, in every zone, by nothing, by agent and by the matrix's cells.
     */
    private List<ReportPeriod> samplePeriods() {
        Set<ReportPeriod.Grouping> groupings = EnumSet.of(
                ReportPeriod.Grouping.NONE, ReportPeriod.Grouping.AGENT, ReportPeriod.Grouping.CHANNEL_AND_DISPOSITION);
        return periods().stream()
                .filter(period -> groupings.contains(period.grouping()))
                .filter(period -> period.interval() == ReportPeriod.Interval.MONTH
                        || period.interval() == ReportPeriod.Interval.DAY)
                .toList();
    }

    /** Every grouping over every interval in every zone ({@link SamplePeriods}). */
    private List<ReportPeriod> periods() {
        return SamplePeriods.of(now, List.of(ReportPeriod.Grouping.values()));
    }

    /** The figures from counting every contact. */
    private List<ReportRepository.ContactRow> counted(ReportPeriod period) {
        return reports.fromContacts(period, FIGURES);
    }

    private double figure(ReportPeriod period, ContactFigure figure) {
        return reports.contactFigures(period, EnumSet.of(figure))
                .getFirst()
                .figures()
                .get(figure);
    }

    private boolean unsettled(OffsetDateTime at) {
        return count(
                        "SELECT count(*) FROM report_rollup_slot WHERE NOT settled AND slot = date_bin(interval '15 minutes',"
                                + " '" + at + "'::timestamptz, timestamptz '2000-01-01 00:00:00+00')")
                == 1;
    }

    private int count(String sql) {
        return db.dsl().fetchSingle(sql).get(0, Integer.class);
    }

    private int dirtyBefore(Instant before) {
        return db.dsl()
                .fetchSingle(
                        "SELECT count(DISTINCT slot) FROM report_rollup_dirty"
                                + " WHERE slot + interval '15 minutes' <= ?::timestamptz",
                        before.atOffset(ZoneOffset.UTC))
                .get(0, Integer.class);
    }

    /** Roll-ups made with New York's days, whose daylight-saving changes give days of 23 and 25 hours. */
    private static ReportRollup.Rules rules(int shortAbandonSeconds, int serviceLevelSeconds, int fcrDays) {
        return new ReportRollup.Rules(NEW_YORK, shortAbandonSeconds, serviceLevelSeconds, fcrDays);
    }

    private ReportPeriod period(
            ZoneId zone, Instant from, Instant to, ReportPeriod.Interval interval, ReportPeriod.Grouping grouping) {
        return SamplePeriods.period(now, zone, from, to, interval, grouping);
    }
}
