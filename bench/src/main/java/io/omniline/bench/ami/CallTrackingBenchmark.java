package io.omniline.bench.ami;

import io.omniline.bench.mainflow.CallerMix;
import io.omniline.bench.mainflow.MainFlowBenchmark;
import io.omniline.bench.mainflow.PlacedCall;
import io.omniline.bench.node.BenchNode;
import io.omniline.db.bench.BenchQueries;
import io.omniline.telephony.sim.ScriptedCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * AMI on the real path: the node follows the simulated Asterisk as it would a real one, with
 * {@code calls} calls in progress together, whose interactions were made first by running them
 * through the main flow over FastAGI. The captured calls' events (three in four answered by an
 * agent, one in four ringing unanswered and abandoned), renamed for those calls and interleaved,
 * are sent at full speed. Two things are timed from the first byte sent: until the node has taken
 * in every event (its {@code omniline_ami_events_total}, when it publishes it), and until its
 * database shows every call's outcome (the call tracker's work). Afterwards each event that
 * leaves a lasting mark on the interaction (AgentCalled, AgentConnect, AgentComplete,
 * QueueCallerAbandon) is checked against the stored row: missing marks are events lost.
 */
public final class CallTrackingBenchmark {

    private static final int BATCH = 64;
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration STALL = Duration.ofSeconds(10);

    private final BenchNode node;

    public CallTrackingBenchmark(BenchNode node) {
        this.node = node;
    }

    /**
     * @param sent events sent; {@code marked} of them leave a mark on the interaction, {@code missing} of those did not
     * @param takenInPerSecond events over the time the node took to count them all in; empty when it does not count them
     * @param trackedPerSecond events over the time until every call's outcome was in the database
     */
    public record Result(
            int calls,
            long sent,
            long marked,
            long missing,
            int callsEnded,
            OptionalDouble takenInPerSecond,
            double trackedPerSecond) {}

    /** @param agents SIP interface to agent id, of agents the node knows */
    public Result run(int calls, Map<String, Long> agents) throws IOException, InterruptedException {
        List<TrackedCall> tracked = placeCalls(calls, new ArrayList<>(agents.entrySet()));
        EventStream stream = EventStream.interleaved(
                tracked.stream().map(TrackedCall::packets).toList());
        long marked = tracked.stream().mapToLong(TrackedCall::markingEvents).sum();
        OptionalDouble before = node.admin().metric("omniline_ami_events_total");

        long start = System.nanoTime();
        for (int from = 0; from < stream.size(); from += BATCH) {
            node.peers().asterisk().emit(stream.plain(from, Math.min(stream.size(), from + BATCH)));
        }
        OptionalDouble takenIn = OptionalDouble.empty();
        if (before.isPresent()) {
            long takenInAt = awaitProgress(
                    () -> (long) node.admin()
                                    .metric("omniline_ami_events_total")
                                    .orElse(0)
                            - (long) before.getAsDouble(),
                    stream.size());
            takenIn = OptionalDouble.of(stream.size() / seconds(start, takenInAt));
        }
        CallOutcomes outcomes = new CallOutcomes(node.repositories().bench(), tracked);
        long trackedAt = awaitProgress(outcomes::ended, tracked.size());
        return new Result(
                tracked.size(),
                stream.size(),
                marked,
                outcomes.missingMarks(),
                (int) outcomes.ended(),
                takenIn,
                stream.size() / seconds(start, trackedAt));
    }

    private List<TrackedCall> placeCalls(int calls, List<Map.Entry<String, Long>> agents) throws InterruptedException {
        BenchQueries customers = node.repositories().bench();
        List<PlacedCall> queued = new MainFlowBenchmark(node)
                .queuedCalls(new CallerMix(customers.phones(false, calls), List.of(), Duration.ZERO, 7)
                        .quickCustomers(calls));
        List<TrackedCall> tracked = new ArrayList<>();
        for (PlacedCall call : queued) {
            int n = call.caller().number();
            boolean abandoned = n % 4 == 3;
            Map.Entry<String, Long> agent = agents.get(n % agents.size());
            tracked.add(new TrackedCall(
                    call.interactionId(),
                    abandoned,
                    agent.getValue(),
                    abandoned
                            ? ScriptedCalls.abandoned(call.caller().uniqueId(), call.queue(), agent.getKey(), n)
                            : ScriptedCalls.answered(call.caller().uniqueId(), call.queue(), agent.getKey(), n)));
        }
        return tracked;
    }

    /**
     * Waits until {@code progress} reaches {@code target} or stops moving for a while.
     *
     * @return when it last moved (System.nanoTime())
     */
    private static long awaitProgress(CheckedProgress progress, long target) throws IOException, InterruptedException {
        long seen = -1;
        long movedAt = System.nanoTime();
        while (true) {
            long now = progress.get();
            if (now != seen) {
                seen = now;
                movedAt = System.nanoTime();
            }
            if (seen >= target || System.nanoTime() - movedAt > STALL.toNanos()) {
                return movedAt;
            }
            Thread.sleep(POLL);
        }
    }

    private static double seconds(long from, long to) {
        return Math.max(1e-3, (to - from) / 1e9);
    }

    @FunctionalInterface
    private interface CheckedProgress {
        long get() throws IOException, InterruptedException;
    }

    /** One call of the stream, and what its events should leave on its interaction. */
    record TrackedCall(long interactionId, boolean abandoned, long agentId, List<byte[]> packets) {

        long count(String event) {
            byte[] marker = ("Event: " + event + "\r\n").getBytes(StandardCharsets.US_ASCII);
            return packets.stream().filter(packet -> startsWith(packet, marker)).count();
        }

        long markingEvents() {
            return count("AgentCalled") + count("AgentConnect") + count("AgentComplete") + count("QueueCallerAbandon");
        }

        private static boolean startsWith(byte[] packet, byte[] prefix) {
            if (packet.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (packet[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
