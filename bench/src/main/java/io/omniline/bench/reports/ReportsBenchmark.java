package io.omniline.bench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.bench.node.StaffApi;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every report the reports page offers, over HTTP as a signed-in admin: each grouping by each
 * interval over the period that interval is read over (15 minutes over yesterday, hours over the
 * last 7 days, days over the last 30, weeks over the last 13 whole weeks, months over the last 3
 * whole months), with and without the previous period beside it, with the measures asked for
 * (every one unless told); then the
 * service-channel matrix, a figure's contacts and a matrix cell's contacts (drill-downs), and the
 * CSV. Each request is made {@code repeats} times in a row (the first one cold) and timed from
 * the request sent to the whole answer read.
 */
public final class ReportsBenchmark {

    static final List<String> GROUPS = List.of("none", "queue", "agent", "channel", "disposition");

    /** What one request drives and its wall times, in milliseconds, in the order they were made. */
    public record Timing(String path, String what, int status, long bytes, double[] millis) {

        public double p50() {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        public double max() {
            return Arrays.stream(millis).max().orElse(0);
        }
    }

    /** An interval and the period it is read over, as the page would send them. */
    record Span(String interval, String label, LocalDate from, LocalDate to) {

        /** The periods a manager reads each interval over, ending today (local) and not counting it. */
        static List<Span> endingAt(LocalDate today) {
            LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            LocalDate firstOfMonth = today.withDayOfMonth(1);
            return List.of(
                    new Span("15min", "15 min over yesterday", today.minusDays(1), today),
                    new Span("hour", "hour over 7 days", today.minusDays(7), today),
                    new Span("day", "day over 30 days", today.minusDays(30), today),
                    new Span("week", "week over 13 weeks", monday.minusWeeks(13), monday),
                    new Span("month", "month over 3 months", firstOfMonth.minusMonths(3), firstOfMonth));
        }

        String query() {
            return "from=" + from + "&to=" + to + "&interval=" + interval;
        }
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final StaffApi api;
    private final int repeats;
    private final String measures;

    /** @param measures the measures' keys, comma-separated, as the page sends them; empty for every measure */
    public ReportsBenchmark(StaffApi api, int repeats, String measures) {
        this.api = api;
        this.repeats = repeats;
        this.measures = measures.isBlank() ? "" : "&measures=" + encode(measures);
    }

    public List<Timing> run() throws IOException, InterruptedException {
        JsonNode settings =
                StaffApi.json(ok(api.get("/api/reports/measures", TIMEOUT)).body());
        LocalDate today = LocalDate.now(ZoneId.of(settings.path("timeZone").asText()));
        List<Span> spans = Span.endingAt(today);
        List<Timing> timings = new ArrayList<>();
        for (Span span : spans) {
            for (String group : GROUPS) {
                for (boolean compare : new boolean[] {false, true}) {
                    timings.add(time(
                            "/api/reports?" + span.query() + "&group=" + group + measures
                                    + (compare ? "&compare=previous" : ""),
                            "report by " + group + ", " + span.label() + (compare ? ", compared" : "")));
                }
            }
        }
        Span month = spans.get(2);
        Span quarter = spans.get(4);
        timings.add(time("/api/reports/matrix?from=" + month.from() + "&to=" + month.to(), "matrix over 30 days"));
        timings.add(time("/api/reports/matrix?from=" + quarter.from() + "&to=" + quarter.to(), "matrix over 3 months"));
        timings.addAll(drillDowns(month));
        timings.add(time(
                "/api/reports/csv?" + month.query() + "&group=agent" + measures + "&compare=previous",
                "CSV by agent, day over 30 days, compared"));
        return timings;
    }

    /** The contacts behind the busiest row's offered and first-contact resolution, and behind a matrix cell. */
    private List<Timing> drillDowns(Span month) throws IOException, InterruptedException {
        String report = "/api/reports?" + month.query() + "&group=queue&measures=offered";
        JsonNode rows = StaffApi.json(ok(api.get(report, TIMEOUT)).body()).path("rows");
        JsonNode busiest = null;
        for (JsonNode row : rows) {
            if (busiest == null
                    || row.path("values").path("offered").asDouble()
                            > busiest.path("values").path("offered").asDouble()) {
                busiest = row;
            }
        }
        List<Timing> timings = new ArrayList<>();
        if (busiest == null) {
            return timings;
        }
        String row = "&row=" + encode(busiest.path("interval").asText()) + "&key="
                + encode(busiest.path("key").asText());
        for (String measure : List.of("offered", "first-contact-resolution")) {
            timings.add(time(
                    "/api/reports/contacts?" + month.query() + "&group=queue&measure=" + measure + row,
                    "drill-down: " + measure + " of one queue's busiest day"));
        }
        timings.add(time(
                "/api/reports/matrix/contacts?from=" + month.from() + "&to=" + month.to()
                        + "&measure=switched-channel&channel=chat&reason=billing",
                "drill-down: matrix cell chat x billing, switched channel, 30 days"));
        return timings;
    }

    private Timing time(String pathAndQuery, String what) throws IOException, InterruptedException {
        double[] millis = new double[repeats];
        HttpResponse<String> last = null;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            last = api.get(pathAndQuery, TIMEOUT);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        // A run at a million customers takes many minutes: say where it is.
        System.err.printf(Locale.ROOT, "bench: reports: %s: %d %s%n", what, last.statusCode(), Arrays.toString(millis));
        return new Timing(
                pathAndQuery, what, last.statusCode(), last.body().getBytes(StandardCharsets.UTF_8).length, millis);
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "the reports API answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
