package io.omniline.bench.reports;

import io.omniline.bench.Report;
import java.util.List;
import java.util.Locale;

/** The reports run's rows of the benchmark table: one per request, its p50 and max against 2 s. */
public final class ReportsRows {

    static final String TARGET = "< 2000 ms";

    private ReportsRows() {}

    public static void add(Report report, List<ReportsBenchmark.Timing> timings, int repeats, String data) {
        report.section("Reports, real path: GET /api/reports, /api/reports/matrix, their /contacts drill-downs and "
                + "/api/reports/csv on the node over HTTP, signed in as an admin, wall time from the "
                + "request sent to the whole answer read");
        for (ReportsBenchmark.Timing timing : timings) {
            report.single(
                    timing.what() + ", p50 / max ms",
                    timing.status() == 200
                            ? String.format(Locale.ROOT, "%.0f / %.0f", timing.p50(), timing.max())
                            : "HTTP " + timing.status(),
                    TARGET);
        }
        report.single(
                "reports failed (of " + timings.size() + ")",
                Long.toString(timings.stream().filter(t -> t.status() != 200).count()),
                "0");
        report.single(
                "reports over 2 s at least once (of " + timings.size() + ")",
                Long.toString(timings.stream().filter(t -> t.max() >= 2000).count()),
                "0");
        report.note(String.format(
                Locale.ROOT,
                "reports: each request %d times in a row, the first cold; periods end at today's local midnight in "
                        + "reports.timeZone (15 min over yesterday, hours over 7 days, days over 30, weeks over the "
                        + "last 13 whole weeks, months over the last 3 whole months); \"compared\" adds "
                        + "compare=previous (the previous period computed too); %s",
                repeats,
                data));
    }
}
