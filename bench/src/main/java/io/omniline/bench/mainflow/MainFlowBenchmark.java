package io.omniline.bench.mainflow;

import io.omniline.bench.node.BenchNode;
import io.omniline.db.bench.BenchQueries;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Calls through the shipped main flow on the node, placed from this JVM as Asterisk places
 * them: new calls arrive at a rate that ramps up to the target and stays there until every
 * caller has called; each call runs on a virtual thread of its own for as long as the caller is
 * in the IVR. Measured from outside: the server's turnaround (our reply written → its next command
 * read, every command, those waiting on its database included), the silence before the first
 * prompt (the call's setup: caller lookup and the interaction insert), the hand-off (the last
 * reply → the server closing the session, after which the dialplan queues the call; the IVR path
 * and the queue are written there), calls open at once, and the node's resident set.
 */
public final class MainFlowBenchmark {

    private static final int NUMBERS = 2_000;
    private static final Duration RSS_EVERY = Duration.ofMillis(250);
    private static final int SETUP_RATE = 50;

    private final BenchNode node;

    public MainFlowBenchmark(BenchNode node) {
        this.node = node;
    }

    /**
     * @param callers calls placed in all
     * @param ratePerSecond new calls per second once the ramp is over
     * @param think the callers' mean time to answer a prompt with keys
     * @param prompt how long each prompt plays
     */
    public record Settings(int callers, int ratePerSecond, Duration ramp, Duration think, Duration prompt, long seed) {}

    /**
     * @param servedPerSecond calls the server began serving per second, while the full rate was offered
     * @param resident the node's resident set, sampled every 250 ms
     */
    public record Result(
            int offered,
            int ratePerSecond,
            CallStats.Totals totals,
            double servedPerSecond,
            ResidentSet resident,
            List<PlacedCall> calls) {}

    /**
     * @param largestBytes the largest seen during the run
     * @param mostOpen the most calls open at a sample
     * @param atMostOpenBytes the resident set at that sample
     */
    public record ResidentSet(long largestBytes, int mostOpen, long atMostOpenBytes) {}

    public Result run(Settings settings) throws InterruptedException {
        BenchQueries customers = node.repositories().bench();
        CallerMix mix = new CallerMix(
                customers.phones(false, NUMBERS), customers.phones(true, NUMBERS), settings.think(), settings.seed());
        return place(mix.callers(settings.callers()), settings.ratePerSecond(), settings.ramp(), settings.prompt());
    }

    /**
     * Calls that reach a queue through the main flow, placed at a pace the node takes without
     * strain: the interactions the AMI and pop runs then follow. Calls the node could not take
     * (sent to the fallback queue, no interaction) are left out.
     */
    public List<PlacedCall> queuedCalls(List<Caller> callers) throws InterruptedException {
        List<PlacedCall> queued = place(callers, SETUP_RATE, Duration.ZERO, Duration.ZERO).calls().stream()
                .filter(call -> call.completed() && call.interactionId() >= 0 && call.queue() != null)
                .toList();
        if (queued.isEmpty()) {
            throw new IllegalStateException("no call reached a queue through the main flow; see the node's log");
        }
        return queued;
    }

    public Result place(List<Caller> callers, int ratePerSecond, Duration ramp, Duration prompt)
            throws InterruptedException {
        CallStats stats = new CallStats(callers.size());
        PlacedCall[] placed = new PlacedCall[callers.size()];
        ResidentSampler resident = new ResidentSampler(node, stats);
        Thread sampler = Thread.ofPlatform().name("node-rss").daemon().start(resident);
        Schedule schedule = new Schedule(ratePerSecond, ramp);
        long start = System.nanoTime();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Caller caller : callers) {
                long wait = start + schedule.dueNanos(caller.number()) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                calls.submit(
                        () -> placed[caller.number()] = new AsteriskChannel(caller, prompt, stats).run(node.agiPort()));
            }
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        long holdFrom = start + schedule.rampNanos();
        long holdTo = start + schedule.dueNanos(callers.size() - 1);
        return new Result(
                callers.size(),
                ratePerSecond,
                stats.totals(),
                servedPerSecond(stats, callers.size(), holdFrom, holdTo),
                resident.result(),
                Arrays.asList(placed));
    }

    /** Over the time the full rate was offered; over the whole run when that was too short to tell. */
    private static double servedPerSecond(CallStats stats, int calls, long from, long to) {
        long[] served = new long[calls];
        int count = 0;
        for (int i = 0; i < calls; i++) {
            if (stats.servedAt(i) != 0) {
                served[count++] = stats.servedAt(i);
            }
        }
        if (count < 2) {
            return count;
        }
        Arrays.sort(served, 0, count);
        if (to - from >= TimeUnit.SECONDS.toNanos(1)) {
            long inWindow = Arrays.stream(served, 0, count)
                    .filter(at -> at >= from && at <= to)
                    .count();
            return inWindow / ((to - from) / 1e9);
        }
        return (count - 1) / Math.max(1e-3, (served[count - 1] - served[0]) / 1e9);
    }

    /** Reads the node's resident set every 250 ms with the calls open at that moment, until interrupted. */
    private static final class ResidentSampler implements Runnable {

        private final BenchNode node;
        private final CallStats stats;
        private volatile long largest;
        private volatile int mostOpen = -1;
        private volatile long atMostOpen;

        ResidentSampler(BenchNode node, CallStats stats) {
            this.node = node;
            this.stats = stats;
        }

        @Override
        public void run() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    int open = stats.open();
                    long resident = node.residentBytes();
                    largest = Math.max(largest, resident);
                    if (open > mostOpen) {
                        mostOpen = open;
                        atMostOpen = resident;
                    }
                    Thread.sleep(RSS_EVERY);
                }
            } catch (InterruptedException e) {
                // The run is over.
            }
        }

        ResidentSet result() {
            return new ResidentSet(largest, Math.max(0, mostOpen), atMostOpen);
        }
    }

    /**
     * When each call is placed: a linear ramp to the full rate (so {@code rate * ramp / 2} calls in
     * the ramp), then the full rate.
     */
    private record Schedule(int ratePerSecond, Duration ramp) {

        long rampNanos() {
            return ramp.toNanos();
        }

        long dueNanos(int call) {
            double rampSeconds = ramp.toNanos() / 1e9;
            double rampCalls = ratePerSecond * rampSeconds / 2;
            double seconds = call < rampCalls
                    ? Math.sqrt(2 * rampSeconds * call / ratePerSecond)
                    : rampSeconds + (call - rampCalls) / ratePerSecond;
            return (long) (seconds * 1e9);
        }
    }
}
