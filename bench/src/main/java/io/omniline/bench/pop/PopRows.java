package io.omniline.bench.pop;

import io.omniline.bench.Report;
import java.util.Locale;

/** The pop run's rows of the benchmark table. */
public final class PopRows {

    private PopRows() {}

    public static void add(Report report, PopBenchmark.Result result) {
        PopBenchmark.Settings settings = result.settings();
        report.section(
                "Screen pop, real path: agents signed in to the node's desktop sockets, callers through the main "
                        + "flow and waiting in queue, ringall over the simulated Asterisk's AMI");
        report.latency(result.popped());
        report.latency(result.connected());
        report.single(
                "pop frames missing (of " + result.popsExpected() + ")", Long.toString(result.popsMissing()), "0");
        report.single(
                "call-connected frames missing (of " + result.calls() + ")",
                Long.toString(result.connectsMissing()),
                "0");
        report.note(String.format(
                Locale.ROOT,
                "pop: %d agents signed in (accounts through the admin API, a desktop "
                        + "WebSocket each), %d callers (customers found by phone) through the main flow and waiting in queue, each "
                        + "call ringing %d agents at once, %d calls ringing at a time; database of about %,d customers and %,d "
                        + "messages (PostgreSQL's estimate). A frame not there within %d s counts as missing",
                settings.agents(),
                result.calls(),
                settings.ring(),
                settings.parallel(),
                result.customers(),
                result.messages(),
                AgentDesktop.WAIT.toSeconds()));
    }
}
