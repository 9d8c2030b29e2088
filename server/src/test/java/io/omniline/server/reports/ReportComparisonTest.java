package io.omniline.server.reports;

import static io.omniline.server.reports.HandMadeContacts.Contact.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.omniline.db.report.ReportPeriod.Grouping;
import io.omniline.db.report.ReportPeriod.Interval;
import io.omniline.db.report.ReportRepository;
import io.omniline.db.testing.TestDatabase;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A report compared with the previous period, over stored contacts in New York: two days by day
 * and queue (23–24 November) against the two days before (21–22 November). Each figure is worked
 * out by hand in the comments; contacts just outside both periods must count nowhere.
 */
class ReportComparisonTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalDate FIRST = LocalDate.of(2026, 11, 23);

    private static long previousAnswered;
    private static long outsideBoth;

    private final ReportService reports = new ReportService(
            db.repositories().reports(),
            db.repositories().agents(),
            new ReportSettings(NEW_YORK, 5, 20, 7),
            Clock.fixed(FIRST.plusDays(5).atStartOfDay(NEW_YORK).toInstant(), NEW_YORK));

    @BeforeAll
    static void twoPeriods() {
        long amy = db.repositories()
                .agents()
                .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test")
                .id();
        HandMadeContacts contacts = new HandMadeContacts(db.dsl(), NEW_YORK);
        // The previous period. 21 Nov, support: one answered within the 20 s service level, one abandoned after 40 s.
        previousAnswered = contacts.add(
                call(FIRST.minusDays(2).atTime(9, 0)).queued("support", 15).answered(amy, 10, 100, 20));
        contacts.add(
                call(FIRST.minusDays(2).atTime(10, 0)).queued("support", 15).abandoned(40));
        // 22 Nov, sales: one answered; sales has nothing in this period.
        contacts.add(call(FIRST.minusDays(1).atTime(9, 0)).queued("sales", 15).answered(amy, 5, 60, 0));
        // 20 Nov, 23:30 local (21 Nov in UTC): before the previous period.
        outsideBoth = contacts.add(
                call(FIRST.minusDays(3).atTime(23, 30)).queued("support", 15).answered(amy, 10, 100, 20));

        // This period. 23 Nov, support: three answered, two within the service level.
        contacts.add(call(FIRST.atTime(9, 0)).queued("support", 15).answered(amy, 10, 100, 20));
        contacts.add(call(FIRST.atTime(9, 30)).queued("support", 15).answered(amy, 30, 100, 20));
        contacts.add(call(FIRST.atTime(10, 0)).queued("support", 15).answered(amy, 5, 100, 20));
        // 24 Nov, support: one answered.
        contacts.add(call(FIRST.plusDays(1).atTime(9, 0)).queued("support", 15).answered(amy, 10, 100, 20));
        // 25 Nov: after this period.
        contacts.add(call(FIRST.plusDays(2).atTime(0, 30)).queued("support", 15).answered(amy, 10, 100, 20));
    }

    private ReportRequest twoDays() {
        return new ReportRequest(
                FIRST.atStartOfDay(NEW_YORK).toInstant(),
                FIRST.plusDays(2).atStartOfDay(NEW_YORK).toInstant(),
                Interval.DAY,
                Grouping.QUEUE,
                List.of(Measure.OFFERED, Measure.SERVICE_LEVEL),
                true);
    }

    @Test
    void eachFigureStandsBesideThePreviousPeriodsAndTheChange() {
        Report report = reports.run(twoDays());

        assertThat(report.previous().from())
                .isEqualTo(FIRST.minusDays(2).atStartOfDay(NEW_YORK).toInstant());
        assertThat(report.previous().to())
                .isEqualTo(FIRST.atStartOfDay(NEW_YORK).toInstant());
        assertThat(report.notes())
                .anyMatch(note -> note.startsWith("Compared with 2026-11-21 00:00 to 2026-11-23 00:00"));

        Report.Row support23 = row(report, FIRST, "support");
        assertThat(support23.previousInterval()).isEqualTo(FIRST.minusDays(2).atStartOfDay());
        assertThat(support23.values().get("offered")).isEqualTo(3.0);
        assertThat(support23.previous().get("offered")).isEqualTo(2.0);
        assertThat(support23.change().get("offered")).isEqualTo(1.0);
        // 2 of 3 answered within 20 s, against 1 ÷ (1 answered + 1 abandoned): +16.67 percentage points.
        assertThat(support23.values().get("service-level")).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(support23.previous().get("service-level")).isEqualTo(50.0);
        assertThat(support23.change().get("service-level")).isCloseTo(200.0 / 3 - 50, within(1e-9));

        // Support had nothing on 22 Nov: offered 0 before, and no service level to compare with.
        Report.Row support24 = row(report, FIRST.plusDays(1), "support");
        assertThat(support24.previous().get("offered")).isEqualTo(0.0);
        assertThat(support24.change().get("offered")).isEqualTo(1.0);
        assertThat(support24.previous().get("service-level")).isNull();
        assertThat(support24.change().get("service-level")).isNull();

        // Sales had a contact only in the previous period: its row is there, at zero now.
        Report.Row sales24 = row(report, FIRST.plusDays(1), "sales");
        assertThat(sales24.values().get("offered")).isEqualTo(0.0);
        assertThat(sales24.previous().get("offered")).isEqualTo(1.0);
        assertThat(sales24.change().get("offered")).isEqualTo(-1.0);
        assertThat(sales24.values().get("service-level")).isNull();
        assertThat(sales24.previous().get("service-level")).isEqualTo(100.0);

        assertThat(report.rows()).hasSize(3);
    }

    @Test
    void withoutComparisonRowsCarryNoPreviousFigures() {
        ReportRequest request = twoDays();
        Report report = reports.run(new ReportRequest(
                request.from(), request.to(), request.interval(), request.grouping(), request.measures()));
        assertThat(report.previous()).isNull();
        assertThat(report.rows()).hasSize(2).allSatisfy(row -> {
            assertThat(row.previous()).isNull();
            assertThat(row.change()).isNull();
        });
    }

    @Test
    void aPreviousFigureOpensIntoItsContactsOverThePreviousPeriod() {
        Report report = reports.run(twoDays());
        Report.Row support23 = row(report, FIRST, "support");
        ReportRequest previous = new ReportRequest(
                report.previous().from(),
                report.previous().to(),
                Interval.DAY,
                Grouping.QUEUE,
                List.of(Measure.OFFERED));
        assertThat(reports.contacts(previous, Measure.SERVICE_LEVEL, support23.previousInterval(), "support"))
                .extracting(ReportRepository.Contact::id)
                .containsExactly(previousAnswered)
                .doesNotContain(outsideBoth);
    }

    @Test
    void theCsvCarriesThePreviousValueAndTheChangeOfEachMeasure() {
        String csv = ReportCsv.of(reports.run(twoDays()));
        assertThat(csv)
                .startsWith(
                        "interval,group,previous interval,Offered,Offered (previous),Offered (change),Service level,"
                                + "Service level (previous),Service level (change)\r\n")
                .contains("2026-11-23T00:00,support,2026-11-21T00:00,3.00,2.00,1.00,66.67,50.00,16.67\r\n")
                .contains("2026-11-24T00:00,sales,2026-11-22T00:00,0.00,1.00,-1.00,,100.00,\r\n");
    }

    private static Report.Row row(Report report, LocalDate day, String queue) {
        return report.rows().stream()
                .filter(row ->
                        row.interval().equals(day.atStartOfDay()) && row.key().equals(queue))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + queue + " on " + day + ": " + report.rows()));
    }
}
