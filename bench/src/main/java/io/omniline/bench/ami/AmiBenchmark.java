package io.omniline.bench.ami;

import io.omniline.telephony.ami.AmiConnection;
import io.omniline.telephony.ami.AmiException;
import io.omniline.telephony.live.LiveState;
import io.omniline.telephony.sim.AmiSimulator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.event.ManagerEvent;

/**
 * An event stream of many concurrent calls replayed at full speed from the Asterisk simulator
 * into Omniline's AMI consumer (its connection and decoder, applying each event to the live
 * queue/agent/channel state) and into a stock Asterisk-Java ManagerConnection with a listener.
 * Events lost are those emitted that the consumer never delivered.
 */
public final class AmiBenchmark {

    private static final int BATCH = 64;
    private static final Duration QUIET = Duration.ofSeconds(2);

    private final EventStream stream;
    private final int rounds;

    /**
     * @param calls calls in progress together in the stream
     * @param rounds times the stream is sent (more events for a steadier figure)
     */
    public AmiBenchmark(int calls, int rounds) {
        this.stream = EventStream.of(calls);
        this.rounds = rounds;
    }

    public record Result(String consumer, long emitted, long delivered, double eventsPerSecond, Histogram lag) {

        public long lost() {
            return emitted - delivered;
        }
    }

    public Result omniline() throws IOException, AmiException, InterruptedException {
        Recorder lag = new Recorder(3);
        AtomicLong delivered = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        LiveState live = new LiveState(Clock.systemUTC());
        AtomicReference<String> stamped = new AtomicReference<>();
        try (AmiSimulator asterisk = simulator();
                AmiConnection connection = AmiConnection.open(
                        "127.0.0.1",
                        asterisk.port(),
                        "bench",
                        "bench",
                        Duration.ofSeconds(5),
                        event -> {
                            live.onEvent(event);
                            String stamp = stamped.getAndSet(null);
                            if (stamp != null) {
                                lag.recordValue(EventStream.lagNanos(stamp));
                                delivered.incrementAndGet();
                                lastAt.set(System.nanoTime());
                            }
                        },
                        packet -> stamped.set(packet.get("Timestamp").orElse(null)))) {
            return replay("Omniline", asterisk, delivered::get, delivered::get, lastAt, lag);
        }
    }

    /**
     * Asterisk-Java also delivers events it makes up for older listeners (a BridgeEnter becomes a
     * Link as well), so what counts as delivered is, per event name sent, at most as many as were
     * sent; an event of a type it has no class for is dropped, and shows as lost.
     */
    public Result stock() throws Exception {
        Recorder lag = new Recorder(3);
        AtomicLong seen = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        Map<String, LongAdder> byName = new ConcurrentHashMap<>();
        try (AmiSimulator asterisk = simulator()) {
            ManagerConnection connection = new ManagerConnectionFactory("127.0.0.1", asterisk.port(), "bench", "bench")
                    .createManagerConnection();
            connection.addEventListener((ManagerEvent event) -> {
                Double stamp = event.getTimestamp();
                if (stamp != null) {
                    lag.recordValue(EventStream.lagNanos((long) (stamp * 1e6)));
                    String name = event.getClass().getSimpleName().toLowerCase(Locale.ROOT);
                    byName.computeIfAbsent(
                                    name.endsWith("event") ? name.substring(0, name.length() - 5) : name,
                                    key -> new LongAdder())
                            .increment();
                    seen.incrementAndGet();
                    lastAt.set(System.nanoTime());
                }
            });
            connection.login();
            try {
                LongSupplier delivered = () -> stream.countsByName().entrySet().stream()
                        .mapToLong(sent -> Math.min(
                                sent.getValue() * rounds,
                                byName.getOrDefault(sent.getKey(), new LongAdder())
                                        .sum()))
                        .sum();
                return replay("Asterisk-Java ManagerConnection", asterisk, seen::get, delivered, lastAt, lag);
            } finally {
                connection.logoff();
            }
        }
    }

    /** The simulated Asterisk, not following channels: that would cost it a decode of its own events. */
    private static AmiSimulator simulator() throws IOException {
        AmiSimulator asterisk = new AmiSimulator(Map.of("bench", "bench"));
        asterisk.followChannels(false);
        return asterisk;
    }

    /**
     * @param progress grows while events arrive; the replay ends when it reaches the events sent
     *     or stands still for a while
     */
    private Result replay(
            String name,
            AmiSimulator asterisk,
            LongSupplier progress,
            LongSupplier delivered,
            AtomicLong lastAt,
            Recorder lag)
            throws InterruptedException {
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (int from = 0; from < stream.size(); from += BATCH) {
                asterisk.emit(stream.stamped(from, Math.min(stream.size(), from + BATCH)));
            }
        }
        long emitted = (long) stream.size() * rounds;
        long seen = -1;
        while (progress.getAsLong() < emitted && progress.getAsLong() != seen) {
            seen = progress.getAsLong();
            TimeUnit.MILLISECONDS.sleep(QUIET.toMillis());
        }
        double seconds = Math.max(1, lastAt.get() - start) / 1e9;
        return new Result(
                name, emitted, delivered.getAsLong(), delivered.getAsLong() / seconds, lag.getIntervalHistogram());
    }
}
