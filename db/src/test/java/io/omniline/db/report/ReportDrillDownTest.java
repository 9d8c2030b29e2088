package io.omniline.db.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.seed.SeedPlan;
import io.omniline.db.seed.Seeder;
import io.omniline.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A figure's drill-down lists exactly the contacts the figure counts, row by row, although it
 * reads only its row's interval (and, for a contact reason's row, only that reason): across the last daylight-saving change of New York, where one
 * local hour happens twice or not at all.
 */
class ReportDrillDownTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static final List<ContactFigure> FIGURES =
            List.of(ContactFigure.OFFERED, ContactFigure.FCR_RESOLVED, ContactFigure.SWITCHED_CHANNEL);

    private Instant now;
    private ReportRepository reports;

    @BeforeEach
    void seed() throws Exception {
        new Seeder(db.database().dataSource()).seed(new SeedPlan(3_000, 9_000, 17), done -> {});
        now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        reports = new ReportRepository(db.dsl());
    }

    @Test
    void eachRowsDrillDownListsTheContactsItsFigureCounts() {
        ZoneOffsetTransition change = NEW_YORK.getRules().previousTransition(now);
        Instant from = change.getInstant().minus(Duration.ofDays(1));
        Instant to = change.getInstant().plus(Duration.ofDays(1));
        // Five minutes into the hour before and after the change: in autumn, the same local time twice.
        offered(change.getInstant().minus(Duration.ofMinutes(55)));
        offered(change.getInstant().plus(Duration.ofMinutes(5)));
        int listed = 0;
        for (ReportPeriod.Interval interval : List.of(
                ReportPeriod.Interval.QUARTER_HOUR,
                ReportPeriod.Interval.HOUR,
                ReportPeriod.Interval.DAY,
                ReportPeriod.Interval.WHOLE)) {
            for (ReportPeriod.Grouping grouping : List.of(
                    ReportPeriod.Grouping.NONE,
                    ReportPeriod.Grouping.QUEUE,
                    ReportPeriod.Grouping.AGENT,
                    ReportPeriod.Grouping.DISPOSITION,
                    ReportPeriod.Grouping.CHANNEL_AND_DISPOSITION)) {
                ReportPeriod period = new ReportPeriod(from, to, now, NEW_YORK, interval, grouping, 5, 20, 7);
                for (ReportRepository.ContactRow row : reports.contactFigures(period, EnumSet.copyOf(FIGURES))) {
                    for (ContactFigure figure : FIGURES) {
                        List<ReportRepository.Contact> contacts =
                                reports.contacts(period, figure, row.interval(), row.key(), 100_000);
                        assertThat((double) contacts.size())
                                .as("%s %s %s %s", interval, grouping, row.interval(), figure)
                                .isEqualTo(row.figures().get(figure));
                        listed += contacts.size();
                    }
                }
            }
        }
        assertThat(listed).isPositive();
    }

    private void offered(Instant at) {
        db.dsl().transaction(config -> {
            config.dsl().execute("SET LOCAL omniline.import = 'on'");
            config.dsl()
                    .execute(
                            "INSERT INTO interaction (channel, direction, state, outcome, queue_name, started_at, queued_at,"
                                    + " answered_at, ended_at, talk_seconds) VALUES ('voice', 'inbound', 'ended', 'completed',"
                                    + " 'dst', ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz, 60)",
                            at.atOffset(ZoneOffset.UTC),
                            at.plusSeconds(10).atOffset(ZoneOffset.UTC),
                            at.plusSeconds(20).atOffset(ZoneOffset.UTC),
                            at.plusSeconds(80).atOffset(ZoneOffset.UTC));
        });
    }
}
