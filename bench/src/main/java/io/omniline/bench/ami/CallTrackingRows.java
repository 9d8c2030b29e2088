package io.omniline.bench.ami;

import io.omniline.bench.Report;
import java.util.Locale;

/** The AMI real-path run's rows of the benchmark table. */
public final class CallTrackingRows {

    private CallTrackingRows() {}

    public static void add(Report report, CallTrackingBenchmark.Result result) {
        report.section("AMI, real path: the node follows the simulated Asterisk (captured calls' events, renamed, "
                + "interleaved, at full speed), live model and call tracker with its database work");
        report.single("AMI events sent (" + result.calls() + " calls at once)", Long.toString(result.sent()), "");
        report.single(
                "AMI events/s taken in by the node",
                result.takenInPerSecond().isPresent()
                        ? String.format(
                                Locale.ROOT, "%.0f", result.takenInPerSecond().getAsDouble())
                        : "-",
                "");
        report.single(
                "AMI events/s until every outcome is in the database",
                String.format(Locale.ROOT, "%.0f", result.trackedPerSecond()),
                ">= 100,000");
        report.single(
                "AMI events lost (marks missing, of " + result.marked() + " marking events)",
                Long.toString(result.missing()),
                "0");
        report.single(
                "AMI calls with their outcome stored (of " + result.calls() + ")",
                Integer.toString(result.callsEnded()),
                "all");
        report.note("AMI real path: the calls were first run through the main flow over FastAGI (their interactions "
                + "queued); 3 in 4 are ami-04 (answered, agent hangs up), 1 in 4 ami-06 (rings unanswered, abandoned), "
                + "renamed to those calls and real agents of the node. Taken in: the node's omniline_ami_events_total "
                + "reaching the events sent (\"-\" when it does not publish it). Database: until every call's last mark "
                + "(wrap-up or abandoned) is stored. Lost: AgentCalled, AgentConnect, AgentComplete and "
                + "QueueCallerAbandon whose mark (offered, answered by that agent, wrap-up, abandoned) is missing");
    }
}
