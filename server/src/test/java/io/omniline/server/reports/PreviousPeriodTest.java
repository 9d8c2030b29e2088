package io.omniline.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.report.ReportPeriod.Interval;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The previous period is the same one moved back by whole intervals on the contact center's clock. */
class PreviousPeriodTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static PreviousPeriod of(LocalDateTime from, LocalDateTime to, Interval interval) {
        return PreviousPeriod.of(
                from.atZone(NEW_YORK).toInstant(), to.atZone(NEW_YORK).toInstant(), interval, NEW_YORK);
    }

    private static LocalDateTime local(java.time.Instant instant) {
        return LocalDateTime.ofInstant(instant, NEW_YORK);
    }

    @Test
    void aWeekByDayIsComparedWithTheWeekBefore() {
        PreviousPeriod previous = of(
                LocalDate.of(2026, 11, 23).atStartOfDay(),
                LocalDate.of(2026, 11, 30).atStartOfDay(),
                Interval.DAY);
        assertThat(previous.intervals()).isEqualTo(7);
        assertThat(local(previous.from())).isEqualTo(LocalDate.of(2026, 11, 16).atStartOfDay());
        assertThat(local(previous.to())).isEqualTo(LocalDate.of(2026, 11, 23).atStartOfDay());
        assertThat(previous.previousOf(LocalDate.of(2026, 11, 25).atStartOfDay(), Interval.DAY))
                .isEqualTo(LocalDate.of(2026, 11, 18).atStartOfDay());
        assertThat(previous.currentOf(LocalDate.of(2026, 11, 18).atStartOfDay(), Interval.DAY))
                .isEqualTo(LocalDate.of(2026, 11, 25).atStartOfDay());
    }

    @Test
    void aMonthByMonthIsComparedWithTheMonthBeforeWhateverItsLength() {
        PreviousPeriod previous = of(
                LocalDate.of(2026, 3, 1).atStartOfDay(),
                LocalDate.of(2026, 4, 1).atStartOfDay(),
                Interval.MONTH);
        assertThat(previous.intervals()).isEqualTo(1);
        assertThat(local(previous.from())).isEqualTo(LocalDate.of(2026, 2, 1).atStartOfDay());
        assertThat(local(previous.to())).isEqualTo(LocalDate.of(2026, 3, 1).atStartOfDay());
    }

    @Test
    void theDayTheClocksGoBackIsComparedWithTheDayBeforeHourByHour() {
        // 1 November 2026 lasts 25 hours in New York; its 24 local hours are compared with 31 October's.
        PreviousPeriod previous = of(
                LocalDate.of(2026, 11, 1).atStartOfDay(),
                LocalDate.of(2026, 11, 2).atStartOfDay(),
                Interval.HOUR);
        assertThat(previous.intervals()).isEqualTo(24);
        assertThat(local(previous.from())).isEqualTo(LocalDate.of(2026, 10, 31).atStartOfDay());
        assertThat(local(previous.to())).isEqualTo(LocalDate.of(2026, 11, 1).atStartOfDay());
    }

    @Test
    void aPeriodOfPartIntervalsMovesBackByTheFewestWholeIntervalsAtLeastAsLong() {
        // Monday 09:10 to 10:20 (70 minutes) by quarter hour moves back five quarters, 75 minutes, so the quarters
        // align.
        LocalDateTime from = LocalDate.of(2026, 11, 23).atTime(9, 10);
        PreviousPeriod previous = of(from, from.plusMinutes(70), Interval.QUARTER_HOUR);
        assertThat(previous.intervals()).isEqualTo(5);
        assertThat(local(previous.from())).isEqualTo(LocalDate.of(2026, 11, 23).atTime(7, 55));
        assertThat(local(previous.to())).isEqualTo(LocalDate.of(2026, 11, 23).atTime(9, 5));
    }

    @Test
    void aWholePeriodIsComparedWithThePeriodOfTheSameLocalLengthJustBefore() {
        LocalDateTime from = LocalDate.of(2026, 11, 23).atTime(8, 0);
        PreviousPeriod previous = of(from, from.plusDays(2).plusHours(4), Interval.WHOLE);
        assertThat(local(previous.from())).isEqualTo(LocalDate.of(2026, 11, 21).atTime(4, 0));
        assertThat(local(previous.to())).isEqualTo(from);
        assertThat(previous.previousOf(from, Interval.WHOLE))
                .isEqualTo(LocalDate.of(2026, 11, 21).atTime(4, 0));
    }
}
