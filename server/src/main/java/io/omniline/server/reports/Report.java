package io.omniline.server.reports;

import io.omniline.db.report.ReportPeriod;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * A computed report: its columns (each measure with its formula) and rows (an interval's local
 * start and a group), values by measure key, null where a measure is not defined. When compared
 * with the previous period, {@code previous} names that period and each row carries the previous
 * period's interval, its values and the change (value − previous value; percentage points for
 * percentages); otherwise those are null.
 */
public record Report(
        String timeZone,
        Instant from,
        Instant to,
        ReportPeriod.Interval interval,
        ReportPeriod.Grouping grouping,
        Period previous,
        List<Column> columns,
        List<Row> rows,
        List<String> notes) {

    public record Period(Instant from, Instant to) {}

    public record Column(String key, String label, Measure.Unit unit, String formula) {}

    public record Row(
            LocalDateTime interval,
            String key,
            String label,
            Map<String, Double> values,
            LocalDateTime previousInterval,
            Map<String, Double> previous,
            Map<String, Double> change) {}
}
