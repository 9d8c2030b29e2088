package io.omniline.bench.agi;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * N calls placed at a steady rate on a FastAGI server, each holding its session through the
 * caller's think time, so N sessions are open at once at the peak. Run against Omniline's
 * server and against Asterisk-Java's stock DefaultAgiServer (default pool: 10 core, 500 max),
 * same script, same driver, one after the other; each server in a JVM of its own
 * ({@link AgiServerMain}), started once so its JIT stays warm from run to run.
 */
public final class AgiBenchmark implements AutoCloseable {

    private final int ratePerSecond;
    private final ServerProcess omniline;
    private final ServerProcess stock;

    private AgiBenchmark(int ratePerSecond, ServerProcess omniline, ServerProcess stock) {
        this.ratePerSecond = ratePerSecond;
        this.omniline = omniline;
        this.stock = stock;
    }

    public static AgiBenchmark start(int ratePerSecond) throws IOException, InterruptedException {
        ServerProcess omniline = ServerProcess.start("omniline");
        try {
            return new AgiBenchmark(ratePerSecond, omniline, ServerProcess.start("stock"));
        } catch (IOException | RuntimeException | InterruptedException e) {
            omniline.close();
            throw e;
        }
    }

    /**
     * @param peakConcurrent sessions being served at the same moment, at most
     * @param newSessionsPerSecond served sessions over the span of their first commands
     * @param sessionsHeapBytes live heap the open sessions add to the server, when weighed
     * @param residentBytes the server process's resident set once every call is placed (the peak)
     */
    public record Result(
            String server,
            int offered,
            int completed,
            int refused,
            int failed,
            int peakConcurrent,
            double newSessionsPerSecond,
            Histogram turnaround,
            long sessionsHeapBytes,
            long residentBytes) {}

    /**
     * @param weighHeap collect the server's garbage before the first call and once every call is
     *     placed, and report the difference; the forced collections pause the server, so
     *     turnaround from such a run is not to be read
     */
    public Result omniline(int sessions, Duration think, boolean weighHeap) throws IOException, InterruptedException {
        return drive("Omniline", omniline, sessions, think, weighHeap);
    }

    public Result stock(int sessions, Duration think, boolean weighHeap) throws IOException, InterruptedException {
        return drive("Asterisk-Java DefaultAgiServer", stock, sessions, think, weighHeap);
    }

    private Result drive(String name, ServerProcess server, int sessions, Duration think, boolean weighHeap)
            throws IOException, InterruptedException {
        long heapBefore = weighHeap ? server.liveHeapBytes() : 0;
        Recorder turnaround = new Recorder(3);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger servedCount = new AtomicInteger();
        AtomicLong firstServed = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastServed = new AtomicLong();
        long sessionsHeap;
        long resident;
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < sessions; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int number = i;
                calls.submit(() -> {
                    boolean[] served = new boolean[1];
                    AsteriskSide.Outcome outcome = AsteriskSide.call(server.port(), number, think, turnaround, () -> {
                        served[0] = true;
                        servedCount.incrementAndGet();
                        long now = System.nanoTime();
                        firstServed.accumulateAndGet(now, Math::min);
                        lastServed.accumulateAndGet(now, Math::max);
                        peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    });
                    if (served[0]) {
                        concurrent.decrementAndGet();
                    }
                    (switch (outcome) {
                                case COMPLETED -> completed;
                                case REFUSED -> refused;
                                case FAILED -> failed;
                            })
                            .incrementAndGet();
                });
            }
            // Every call is placed and, with the think time longer than the ramp, all are open.
            resident = server.residentBytes();
            sessionsHeap = weighHeap ? server.liveHeapBytes() - heapBefore : 0;
        }
        int served = servedCount.get();
        double span = (lastServed.get() - firstServed.get()) / 1e9;
        return new Result(
                name,
                sessions,
                completed.get(),
                refused.get(),
                failed.get(),
                peak.get(),
                span <= 0 ? served : served / span,
                turnaround.getIntervalHistogram(),
                sessionsHeap,
                resident);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            omniline.close();
        } finally {
            stock.close();
        }
    }
}
