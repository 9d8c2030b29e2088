package io.omniline.db.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The periods the roll-up tests compare with counting from detail: in zones with daylight-saving
 * changes and with offsets of 5:45 and 9:30, over every interval, some not on quarter-hour
 * boundaries. Thresholds 5 s (short abandon) and 20 s (service level), first contact over 7 days.
 */
final class SamplePeriods {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static final List<ZoneId> ZONES =
            List.of(ZoneOffset.UTC, ZoneId.of("Asia/Kathmandu"), NEW_YORK, ZoneId.of("Australia/Adelaide"));

    private SamplePeriods() {}

    /**
     * For each zone and grouping: a year by month, 13 weeks by week, 30 days by day, two days by
     * hour and by quarter-hour (both ending at {@code now}, so partly in the quarter-hours at both
     * ends), 400 days in one interval.
     */
    static List<ReportPeriod> of(Instant now, Collection<ReportPeriod.Grouping> groupings) {
        List<ReportPeriod> periods = new ArrayList<>();
        for (ZoneId zone : ZONES) {
            LocalDate today = LocalDate.ofInstant(now, zone);
            Instant midnight = today.atStartOfDay(zone).toInstant();
            for (ReportPeriod.Grouping grouping : groupings) {
                Instant yearAgo = today.minusMonths(12)
                        .withDayOfMonth(1)
                        .atStartOfDay(zone)
                        .toInstant();
                periods.add(period(now, zone, yearAgo, now, ReportPeriod.Interval.MONTH, grouping));
                Instant weeksAgo = today.minusWeeks(13).atStartOfDay(zone).toInstant();
                periods.add(period(now, zone, weeksAgo, midnight, ReportPeriod.Interval.WEEK, grouping));
                periods.add(period(
                        now, zone, midnight.minus(Duration.ofDays(30)), now, ReportPeriod.Interval.DAY, grouping));
                Instant hoursAgo = now.minus(Duration.ofHours(50)).minusSeconds(7);
                periods.add(period(now, zone, hoursAgo, now, ReportPeriod.Interval.HOUR, grouping));
                Instant quartersAgo = now.minus(Duration.ofHours(30)).minusSeconds(7);
                periods.add(period(now, zone, quartersAgo, now, ReportPeriod.Interval.QUARTER_HOUR, grouping));
                periods.add(
                        period(now, zone, now.minus(Duration.ofDays(400)), now, ReportPeriod.Interval.WHOLE, grouping));
            }
        }
        return periods;
    }

    static ReportPeriod period(
            Instant now,
            ZoneId zone,
            Instant from,
            Instant to,
            ReportPeriod.Interval interval,
            ReportPeriod.Grouping grouping) {
        return new ReportPeriod(from.truncatedTo(ChronoUnit.MICROS), to, now, zone, interval, grouping, 5, 20, 7);
    }
}
