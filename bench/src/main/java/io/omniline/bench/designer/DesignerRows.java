package io.omniline.bench.designer;

import io.omniline.bench.Report;
import java.util.List;
import java.util.Locale;

/** The designer run's rows of the benchmark table. */
public final class DesignerRows {

    /** A frame this long or longer is a visible stutter. */
    static final double FRAME_TARGET_MS = 50;

    static final double OPEN_TARGET_MS = 2000;

    private DesignerRows() {}

    public static void add(Report report, DesignerBenchmark.Result result) {
        report.section("Flow designer in headless Chromium on a generated " + result.nodes()
                + "-node flow (menus, branches, collects, lookups, hours, queues), against the node");
        report.single(
                "designer: open the flow, first drawing with ELK layout, median ms (of "
                        + result.openMillis().size() + ")",
                format(percentile(result.openMillis(), 50)),
                "< " + format(OPEN_TARGET_MS));
        report.single("designer: open the flow, slowest ms", format(percentile(result.openMillis(), 100)), "");
        report.single(
                "designer: of which the ELK layout, median ms", format(percentile(result.layoutMillis(), 50)), "");
        report.single(
                "designer: \"Auto layout\" again, ms",
                format(result.autoLayoutMillis()),
                "< " + format(OPEN_TARGET_MS));
        result.frames().forEach((action, frames) -> {
            report.single("designer " + action + ": frame p50 ms", format(percentile(frames, 50)), "");
            report.single(
                    "designer " + action + ": frame p95 ms",
                    format(percentile(frames, 95)),
                    "< " + format(FRAME_TARGET_MS));
            report.single("designer " + action + ": frame max ms", format(percentile(frames, 100)), "");
        });
        report.note(String.format(
                Locale.ROOT,
                "designer: %d nodes (%d problems from the validator), opened %d times, each in a fresh page; frame "
                        + "times are the gaps between requestAnimationFrame callbacks while the action runs (16.7 ms "
                        + "is every frame drawn at 60 Hz). Mouse and keys go in through the DevTools protocol: a move "
                        + "every 16 ms, a key every 80 ms, simulation steps every 120 ms. Frames per action: %s",
                result.nodes(),
                result.problems(),
                result.openMillis().size(),
                result.frames().entrySet().stream()
                        .map(entry -> entry.getKey() + " " + entry.getValue().size())
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("none")));
    }

    /** Nearest rank; 100 is the largest. */
    static double percentile(List<Double> values, double percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percentile / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String format(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }
}
