package io.omniline.server.reports;

import io.omniline.db.report.ReportPeriod;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The period a report is compared with: the same period moved back by as many whole intervals
 * as it spans, on the contact center's clock (seven days by day: the seven days before; a month
 * by month: the month before; a Tuesday by hour: the Monday). Moving by whole intervals keeps
 * the intervals aligned, so each row of the report has exactly one row of the previous period.
 */
public record PreviousPeriod(Instant from, Instant to, long intervals) {

    public static PreviousPeriod of(Instant from, Instant to, ReportPeriod.Interval interval, ZoneId zone) {
        LocalDateTime localFrom = LocalDateTime.ofInstant(from, zone);
        LocalDateTime localTo = LocalDateTime.ofInstant(to, zone);
        long spanned = 1;
        while (back(localTo, interval, spanned).isAfter(localFrom)) {
            spanned = spanned * 2;
        }
        long low = spanned / 2;
        while (low + 1 < spanned) {
            long middle = (low + spanned) / 2;
            if (back(localTo, interval, middle).isAfter(localFrom)) {
                low = middle;
            } else {
                spanned = middle;
            }
        }
        return new PreviousPeriod(
                back(localFrom, interval, spanned).atZone(zone).toInstant(),
                back(localTo, interval, spanned).atZone(zone).toInstant(),
                spanned);
    }

    /** The start of the previous period's interval that is compared with the interval starting at {@code start}. */
    public LocalDateTime previousOf(LocalDateTime start, ReportPeriod.Interval interval) {
        return back(start, interval, intervals);
    }

    /** The interval of this report that the previous period's interval starting at {@code start} is compared with. */
    public LocalDateTime currentOf(LocalDateTime start, ReportPeriod.Interval interval) {
        return back(start, interval, -intervals);
    }

    private static LocalDateTime back(LocalDateTime time, ReportPeriod.Interval interval, long count) {
        return switch (interval) {
            case QUARTER_HOUR -> time.minusMinutes(15 * count);
            case HOUR -> time.minusHours(count);
            case DAY -> time.minusDays(count);
            case WEEK -> time.minusWeeks(count);
            case MONTH -> time.minusMonths(count);
        };
    }
}
