package io.omniline.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.bridge.chat.ChatGateway;
import io.omniline.bridge.chat.ChatGatewaySettings;
import io.omniline.bridge.chat.ChatService;
import io.omniline.bridge.chat.VisitorTokens;
import io.omniline.bridge.conversation.ConversationEvents;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.bridge.verification.VisitorVerification;
import io.omniline.db.customer.CustomerLinks;
import io.omniline.db.digital.DigitalQueueRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.verification.VerificationCodeRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jooq.DSLContext;

/**
 * The chat gateway under load, in this JVM: {@code sessions} visitors connect with real
 * WebSockets and say hello (each opens a conversation in PostgreSQL), then they write at a
 * steady {@code rate} messages per second in total for {@code duration}. Ack latency is timed at
 * the visitor, from sending a message to its ack, which the gateway only writes after the commit.
 * The conversations go to a queue no agent serves, so nothing else competes.
 */
public final class ChatBenchmark {

    private static final String QUEUE = "bench-chat";
    private static final int CLIENTS = 4;

    private final DSLContext dsl;

    public ChatBenchmark(DSLContext dsl) {
        this.dsl = dsl;
    }

    public record Result(List<Figure> figures, int sessionsHeld, long sent, long acked, long refused,
                         double storedPerSecond) {
    }

    /** Runs a gateway in this JVM over the database and loads it. */
    public Result run(int sessions, int rate, Duration duration) throws Exception {
        ConversationEvents events = new ConversationEvents();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try (DigitalRouter router = new DigitalRouter(new DigitalQueueRepository(dsl), events, Duration.ofMinutes(1));
             ChatGateway gateway = ChatGateway.start(new ChatGatewaySettings("127.0.0.1", 0, 65_536, 4_000, 1_000, 1_000,
                     1_000_000, 1_000_000, sessions + 100, Duration.ofMinutes(10), 1_000_000, sessions + 100,
                     Duration.ofMinutes(10)),
                     new ChatService(dsl, new IdentityNormalizer("US"), new VisitorVerification(
                             new InteractionRepository(dsl), new VerificationCodeRepository(dsl), new CustomerLinks(dsl),
                             Map.of(), events, secret, new VisitorVerification.Settings(Duration.ofMinutes(10), 5, 5),
                             Clock.systemUTC()), router, events, QUEUE, Clock.systemUTC()),
                     new VisitorTokens(secret, Duration.ofDays(1), Clock.systemUTC()), events, new SimpleMeterRegistry())) {
            return load(URI.create("ws://127.0.0.1:" + gateway.port() + ChatGateway.PATH), sessions, rate, duration);
        }
    }

    /**
     * Loads a gateway that runs elsewhere (a node started with {@code ./omniline run}): one process
     * cannot hold both ends of 10,000 sockets under a 20,000 file limit.
     */
    public static Result load(URI gateway, int sessions, int rate, Duration duration) throws Exception {
        Recorder hello = new Recorder(3);
        Recorder acks = new Recorder(3);
        Map<String, Long> inFlight = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        CountDownLatch welcomed = new CountDownLatch(sessions);
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(HttpClient.newHttpClient());
        }
        List<Visitor> visitors = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Visitor visitor = new Visitor(hello, acks, inFlight, refused, welcomed);
            visitor.socket = clients.get(i % CLIENTS).newWebSocketBuilder().buildAsync(gateway, visitor).get(30, TimeUnit.SECONDS);
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
            String id = "b" + sent;
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
                Figure.of("chat hello to welcome, " + sessions + " sockets", hello.getIntervalHistogram(),
                        "10,000 sessions held"),
                Figure.of(String.format("chat ack at %d msg/s offered", rate), ackTimes, "p99 < 30 ms"));
        return new Result(figures, held, sent, ackTimes.getTotalCount(), refused.get(), ackTimes.getTotalCount() / seconds);
    }

    /** One visitor's socket; sends are chained because a WebSocket takes one send at a time. */
    private static final class Visitor implements WebSocket.Listener {
        private final Recorder hello;
        private final Recorder acks;
        private final Map<String, Long> inFlight;
        private final AtomicLong refused;
        private final CountDownLatch welcomed;
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<WebSocket> last = CompletableFuture.completedFuture(null);
        private WebSocket socket;
        private long helloAt;

        Visitor(Recorder hello, Recorder acks, Map<String, Long> inFlight, AtomicLong refused, CountDownLatch welcomed) {
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
                    refused.incrementAndGet();
                }
            }
            webSocket.request(1);
            return null;
        }

        private static String ref(String frame) {
            int at = frame.indexOf("\"ref\":\"") + 7;
            return frame.substring(at, frame.indexOf('"', at));
        }
    }
}
