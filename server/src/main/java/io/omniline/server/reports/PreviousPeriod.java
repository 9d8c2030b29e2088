package io.omniline.server.reports;

import io.omniline.db.report.ReportPeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The period a report is compared with: the same period moved back by as many whole intervals
 * as it spans, on the contact center's clock (seven days by day: the seven days before; a month
 * by month: the month before; a Tuesday by hour: the Monday; a whole-period report: the period
 * of the same local length just before). Moving by whole intervals keeps the intervals aligned,
 * so each row of the report has exactly one row of the previous period.
 *
 * @param length the period's length on the local clock, the one interval of a whole-period report
 */
public record PreviousPeriod(Instant from, Instant to, long intervals, Duration length) {

    public static PreviousPeriod of(Instant from, Instant to, ReportPeriod.Interval interval, ZoneId zone) {
        LocalDateTime localFrom = LocalDateTime.ofInstant(from, zone);
        LocalDateTime localTo = LocalDateTime.ofInstant(to, zone);
        Duration length = Duration.between(localFrom, localTo);
        long spanned = 1;
        while (back(localTo, interval, spanned, length).isAfter(localFrom)) {
            spanned = spanned * 2;
        }
        long low = spanned / 2;
        while (low + 1 < spanned) {
            long middle = (low + spanned) / 2;
            if (back(localTo, interval, middle, length).isAfter(localFrom)) {
                low = middle;
            } else {
                spanned = middle;
            }
        }
        return new PreviousPeriod(
                back(localFrom, interval, spanned, length).atZone(zone).toInstant(),
                back(localTo, interval, spanned, length).atZone(zone).toInstant(),
                spanned,
                length);
    }

    /** The start of the previous period's interval that is compared with the interval starting at {@code start}. */
    public LocalDateTime previousOf(LocalDateTime start, ReportPeriod.Interval interval) {
        return back(start, interval, intervals, length);
    }

    /** The interval of this report that the previous period's interval starting at {@code start} is compared with. */
    public LocalDateTime currentOf(LocalDateTime start, ReportPeriod.Interval interval) {
        return back(start, interval, -intervals, length);
    }

    private static LocalDateTime back(LocalDateTime time, ReportPeriod.Interval interval, long count, Duration length) {
        return switch (interval) {
            case QUARTER_HOUR -> time.minusMinutes(15 * count);
            case HOUR -> time.minusHours(count);
            case DAY -> time.minusDays(count);
            case WEEK -> time.minusWeeks(count);
            case MONTH -> time.minusMonths(count);
            case WHOLE -> time.minus(length.multipliedBy(count));
        };
    }
}
