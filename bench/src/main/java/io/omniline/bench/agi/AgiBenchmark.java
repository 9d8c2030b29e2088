package io.omniline.bench.agi;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.telephony.agi.FastAgiServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;

/**
 * N calls placed at a steady rate on a FastAGI server, each holding its session through the
 * caller's think time, so N sessions are open at once at the peak. Run against Omniline's
 * server and against Asterisk-Java's stock DefaultAgiServer (default pool: 10 core, 500 max),
 * same script, same driver, same JVM, one after the other.
 */
public final class AgiBenchmark {

    private static final AgiScript SCRIPT = new IvrScript();
    private static final MappingStrategy ALWAYS_IVR = (request, channel) -> SCRIPT;

    private final int ratePerSecond;
    private final Duration think;

    public AgiBenchmark(int ratePerSecond, Duration think) {
        this.ratePerSecond = ratePerSecond;
        this.think = think;
    }

    /**
     * @param peakConcurrent sessions being served at the same moment, at most
     * @param newSessionsPerSecond served sessions over the span of their first commands
     * @param sessionsHeapBytes live heap the open sessions add, when weighed (driver and server
     *     together, as both run in this JVM; the ratio between servers is the figure to read)
     */
    public record Result(String server, int offered, int completed, int refused, int failed, int peakConcurrent,
                         double newSessionsPerSecond, Histogram turnaround, long sessionsHeapBytes) {
    }

    /**
     * @param weighHeap collect garbage before the first call and once every call is placed, and
     *     report the difference; the forced collections pause everything, so turnaround from such
     *     a run is not to be read
     */
    public Result omniline(int sessions, boolean weighHeap) {
        try (FastAgiServer server = FastAgiServer.start(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(60),
                ALWAYS_IVR, new SimpleMeterRegistry())) {
            return drive("Omniline", server.port(), sessions, weighHeap);
        }
    }

    /**
     * The stock server as shipped, default pool and its own sockets. It cannot bind port 0 and
     * report it, so a free port is picked just before; it is told apart as listening only by
     * noticing its server socket being created.
     */
    public Result stock(int sessions, boolean weighHeap) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CountDownLatch listening = new CountDownLatch(1);
        DefaultAgiServer server = new DefaultAgiServer(ALWAYS_IVR) {
            @Override
            protected ServerSocketFacade createServerSocket() throws IOException {
                ServerSocketFacade socket = super.createServerSocket();
                listening.countDown();
                return socket;
            }
        };
        server.setAddress(InetAddress.getLoopbackAddress());
        server.setPort(port);
        Thread.ofPlatform().name("stock-agi").daemon().start(() -> {
            try {
                server.startup();
            } catch (IOException e) {
                throw new IllegalStateException("stock FastAGI server did not start", e);
            }
        });
        if (!listening.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("stock FastAGI server is not listening on " + port);
        }
        try {
            return drive("Asterisk-Java DefaultAgiServer", port, sessions, weighHeap);
        } finally {
            server.shutdown();
        }
    }

    private Result drive(String name, int port, int sessions, boolean weighHeap) {
        long heapBefore = weighHeap ? heapAfterCollection() : 0;
        Recorder turnaround = new Recorder(3);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger servedCount = new AtomicInteger();
        AtomicLong firstServed = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastServed = new AtomicLong();
        long sessionsHeap = 0;
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
                    AsteriskSide.Outcome outcome = AsteriskSide.call(port, number, think, turnaround, () -> {
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
                    }).incrementAndGet();
                });
            }
            // Every call is placed and, with the think time longer than the ramp, all are open.
            if (weighHeap) {
                sessionsHeap = heapAfterCollection() - heapBefore;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int served = servedCount.get();
        double span = (lastServed.get() - firstServed.get()) / 1e9;
        return new Result(name, sessions, completed.get(), refused.get(), failed.get(), peak.get(),
                span <= 0 ? served : served / span, turnaround.getIntervalHistogram(), sessionsHeap);
    }

    private static long heapAfterCollection() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
