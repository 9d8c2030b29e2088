package io.omniline.server.reports;

import io.omniline.db.report.ReportPeriod;
import java.time.Instant;
import java.util.List;

/** What a supervisor asked for: a period, its intervals, a grouping and the measures. */
public record ReportRequest(
        Instant from,
        Instant to,
        ReportPeriod.Interval interval,
        ReportPeriod.Grouping grouping,
        List<Measure> measures) {

    public ReportRequest {
        measures = List.copyOf(measures);
    }
}
