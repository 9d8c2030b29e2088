package io.omniline.server.reports;

import io.omniline.db.report.ReportPeriod;
import java.time.Instant;
import java.util.List;

/**
 * What a supervisor asked for: a period, its intervals, a grouping and the measures, and whether
 * each figure is shown beside the previous period's (see {@link PreviousPeriod}).
 */
public record ReportRequest(
        Instant from,
        Instant to,
        ReportPeriod.Interval interval,
        ReportPeriod.Grouping grouping,
        List<Measure> measures,
        boolean comparePrevious) {

    public ReportRequest {
        measures = List.copyOf(measures);
    }

    public ReportRequest(
            Instant from,
            Instant to,
            ReportPeriod.Interval interval,
            ReportPeriod.Grouping grouping,
            List<Measure> measures) {
        this(from, to, interval, grouping, measures, false);
    }
}
