package io.omniline.bench.digital;

import io.omniline.bench.Figure;
import io.omniline.bench.node.BenchNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A node's chat gateway under load from visitors' real WebSockets: {@code sessions} visitors
 * connect and say hello (each opens a conversation in PostgreSQL, routed to the chat queue), then
 * they write at a steady {@code rate} messages per second in total for {@code duration}. Ack
 * latency is timed at the visitor, from sending a message to its ack, which the gateway only
 * writes after the commit. Message ids start with {@code idPrefix}, so what was stored can be
 * counted afterwards.
 */
public final class ChatBenchmark {

    private static final int CLIENTS = 4;

    private ChatBenchmark() {}

    /** @param stored messages found in the node's database afterwards; -1 when the benchmark cannot see it */
    /** @param refused by the gateway's error code ({@code not_stored}, {@code rate_limited}, …) */
    public record Result(
            List<Figure> figures,
            int sessionsHeld,
            long sent,
            long acked,
            Map<String, Long> refused,
            double storedPerSecond,
            long stored) {

        public long refusedInAll() {
            return refused.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Loads the node's gateway, then counts what its database holds of the messages. */
    public static Result onNode(BenchNode node, int sessions, int rate, Duration duration) throws Exception {
        long floor = node.repositories().bench().lastMessageId();
        String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        Result result =
                load(URI.create("ws://127.0.0.1:" + node.chatPort() + "/chat"), sessions, rate, duration, prefix);
        long stored = node.repositories().bench().messagesAfter(floor, prefix);
        return new Result(
                result.figures(),
                result.sessionsHeld(),
                result.sent(),
                result.acked(),
                result.refused(),
                result.storedPerSecond(),
                stored);
    }

    /** Loads the gateway at {@code gateway} (a node's, in a process of its own). */
    public static Result load(URI gateway, int sessions, int rate, Duration duration, String idPrefix)
            throws Exception {
        Recorder hello = new Recorder(3);
        Recorder acks = new Recorder(3);
        Map<String, Long> inFlight = new ConcurrentHashMap<>();
        Map<String, Long> refused = new ConcurrentHashMap<>();
        CountDownLatch welcomed = new CountDownLatch(sessions);
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(HttpClient.newHttpClient());
        }
        List<Visitor> visitors = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Visitor visitor = new Visitor(hello, acks, inFlight, refused, welcomed);
            visitor.socket = clients.get(i % CLIENTS)
                    .newWebSocketBuilder()
                    .buildAsync(gateway, visitor)
                    .get(30, TimeUnit.SECONDS);
            visitor.helloAt = System.nanoTime();
            visitor.send("{\"type\":\"hello\"}");
            visitors.add(visitor);
        }
        welcomed.await(60, TimeUnit.SECONDS);
        int held = sessions - (int) welcomed.getCount();

        long sent = 0;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long interval = 1_000_000_000L / Math.max(1, rate);
        for (long next = start; next < end; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Visitor visitor = visitors.get((int) (sent % visitors.size()));
            String id = idPrefix + sent;
            inFlight.put(id, System.nanoTime());
            visitor.send("{\"type\":\"message\",\"id\":\"" + id + "\",\"text\":\"load message " + sent + "\"}");
            sent++;
        }
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!inFlight.isEmpty() && System.nanoTime() < drainUntil) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        visitors.forEach(Visitor::close);
        clients.forEach(HttpClient::close);
        Histogram ackTimes = acks.getIntervalHistogram();
        List<Figure> figures = List.of(
                Figure.of("chat hello -> welcome, " + sessions + " sockets", hello.getIntervalHistogram(), ""),
                Figure.of(String.format(Locale.ROOT, "chat ack at %d msg/s offered", rate), ackTimes, "p99 < 30 ms"));
        return new Result(
                figures,
                held,
                sent,
                ackTimes.getTotalCount(),
                new TreeMap<>(refused),
                ackTimes.getTotalCount() / seconds,
                -1);
    }

    /** One visitor's socket; sends are chained because a WebSocket takes one send at a time. */
    private static final class Visitor implements WebSocket.Listener {
        private final Recorder hello;
        private final Recorder acks;
        private final Map<String, Long> inFlight;
        private final Map<String, Long> refused;
        private final CountDownLatch welcomed;
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<WebSocket> last = CompletableFuture.completedFuture(null);
        private WebSocket socket;
        private long helloAt;

        Visitor(
                Recorder hello,
                Recorder acks,
                Map<String, Long> inFlight,
                Map<String, Long> refused,
                CountDownLatch welcomed) {
            this.hello = hello;
            this.acks = acks;
            this.inFlight = inFlight;
            this.refused = refused;
            this.welcomed = welcomed;
        }

        synchronized void send(String frame) {
            last = last.thenCompose(previous -> socket.sendText(frame, true));
        }

        void close() {
            socket.abort();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean complete) {
            partial.append(data);
            if (complete) {
                String frame = partial.toString();
                partial.setLength(0);
                long now = System.nanoTime();
                if (frame.startsWith("{\"type\":\"welcome\"")) {
                    hello.recordValue(now - helloAt);
                    welcomed.countDown();
                } else if (frame.startsWith("{\"type\":\"ack\"")) {
                    Long sentAt = inFlight.remove(ref(frame));
                    if (sentAt != null) {
                        acks.recordValue(now - sentAt);
                    }
                } else if (frame.startsWith("{\"type\":\"error\"") && frame.contains("\"ref\"")) {
                    inFlight.remove(ref(frame));
                    refused.merge(code(frame), 1L, Long::sum);
                }
            }
            webSocket.request(1);
            return null;
        }

        private static String code(String frame) {
            int at = frame.indexOf("\"code\":\"");
            return at < 0 ? "?" : frame.substring(at + 8, frame.indexOf('"', at + 8));
        }

        private static String ref(String frame) {
            int at = frame.indexOf("\"ref\":\"") + 7;
            return frame.substring(at, frame.indexOf('"', at));
        }
    }
}
