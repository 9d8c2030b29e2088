package io.omniline.bench.mainflow;

import io.omniline.bench.Figure;
import io.omniline.bench.Report;
import java.util.Locale;
import java.util.stream.Collectors;

/** The main-flow run's rows of the benchmark table. */
public final class MainFlowRows {

    private static final double MIB = 1024.0 * 1024.0;

    private MainFlowRows() {}

    public static void add(Report report, MainFlowBenchmark.Settings settings, MainFlowBenchmark.Result result) {
        CallStats.Totals totals = result.totals();
        report.section(
                "FastAGI, real path: the node ./omniline run starts (its own JVM and PostgreSQL), the shipped main "
                        + "flow with its database work, callers played as Asterisk from the benchmark's JVM");
        report.single("main flow: calls placed", Integer.toString(result.offered()), "");
        report.single("main flow: calls open at once, at the peak", Integer.toString(totals.peakOpen()), "10,000");
        report.single("main flow: calls completed through the flow", Long.toString(totals.completed()), "all");
        report.single("main flow: calls sent to the fallback queue", Long.toString(totals.fallback()), "0");
        report.single("main flow: calls failed", Long.toString(totals.failed()), "0");
        report.single(
                String.format(Locale.ROOT, "main flow: new calls/s served (%d/s offered)", result.ratePerSecond()),
                String.format(Locale.ROOT, "%.0f", result.servedPerSecond()),
                ">= 500");
        report.latency(Figure.of("main flow: AGI turnaround, every command", totals.turnaround(), "p99 < 10 ms"));
        report.latency(Figure.of("main flow: silence before the first prompt", totals.firstPrompt(), ""));
        report.latency(Figure.of("main flow: hand-off, last reply -> session closed", totals.handOff(), ""));
        MainFlowBenchmark.ResidentSet resident = result.resident();
        report.single(
                String.format(Locale.ROOT, "main flow: node RSS MiB at the most calls open (%d)", resident.mostOpen()),
                String.format(Locale.ROOT, "%.0f", resident.atMostOpenBytes() / MIB),
                "< 1,024 at 10,000");
        report.single(
                "main flow: node RSS MiB, the largest in the run",
                String.format(Locale.ROOT, "%.0f", resident.largestBytes() / MIB),
                "");
        report.single(
                "main flow: VIP callers given VIP priority",
                totals.vipRecognised() + " of " + totals.vipCalls(),
                "all");
        report.note(String.format(
                Locale.ROOT,
                "main flow: %s; keys after %.1f s on average (0.5-1.5x; account numbers "
                        + "1.5x), prompts %.1f s; %d callers hung up; new calls ramp to %d/s over %d s. Turnaround: our reply "
                        + "written -> the server's next command read; silence before the first prompt: environment block "
                        + "written -> first STREAM FILE/GET DATA (caller lookup, interaction insert); hand-off: the last reply "
                        + "-> the server closing the session. Sent to the fallback queue: queued with priority 0 (the node's "
                        + "fallback; the flow's queues have 1 or more) or before any prompt",
                CallerMix.describe(),
                settings.think().toMillis() / 1000.0,
                settings.prompt().toMillis() / 1000.0,
                totals.hungUp(),
                result.ratePerSecond(),
                settings.ramp().toSeconds()));
        if (totals.failed() > 0 || totals.unknownCommands() > 0) {
            report.note("main flow: failed calls by reason: "
                    + totals.failures().entrySet().stream()
                            .map(entry -> entry.getValue() + " " + entry.getKey())
                            .collect(Collectors.joining(", "))
                    + "; commands Asterisk would not know: " + totals.unknownCommands());
        }
    }
}
