package io.omniline.telephony.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.telephony.capture.Transcript;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.fastagi.MappingStrategy;
import org.junit.jupiter.api.Test;

class FastAgiServerTest {

    /** The environment block of a real call, as Asterisk 22 sent it. */
    private static final byte[] ENVIRONMENT =
            Transcript.load("agi-01-main-routes-to-support.txt").environment().getBytes(StandardCharsets.UTF_8);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void sessionsBeyondTheStockPoolOf500AreAllServedAtOnce() throws Exception {
        int sessions = 600;
        CountDownLatch allInside = new CountDownLatch(sessions);
        CountDownLatch release = new CountDownLatch(1);
        MappingStrategy holdUntilAllArrive = holding(allInside, release);
        List<Socket> callers = new ArrayList<>();
        try (FastAgiServer server = FastAgiServer.start(
                InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30), holdUntilAllArrive, registry)) {
            for (int i = 0; i < sessions; i++) {
                Socket caller = new Socket(InetAddress.getLoopbackAddress(), server.port());
                caller.getOutputStream().write(ENVIRONMENT);
                callers.add(caller);
            }

            assertThat(allInside.await(30, TimeUnit.SECONDS))
                    .as("all " + sessions + " sessions inside their script")
                    .isTrue();
            assertThat(registry.get("omniline_agi_sessions_active").gauge().value())
                    .isEqualTo(sessions);
            release.countDown();
        } finally {
            for (Socket caller : callers) {
                caller.close();
            }
        }
    }

    @Test
    void aClientThatSendsNoEnvironmentInTimeIsDroppedBeforeAnyScriptRuns() throws Exception {
        AtomicInteger scriptsRun = new AtomicInteger();
        FastAgiServer.Settings settings = new FastAgiServer.Settings(
                InetAddress.getLoopbackAddress(),
                0,
                Duration.ofSeconds(30),
                0,
                Duration.ofMillis(300),
                Duration.ofMinutes(1));
        try (FastAgiServer server = FastAgiServer.start(
                        settings, (request, channel) -> (req, agiChannel) -> scriptsRun.incrementAndGet(), registry);
                Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            silent.setSoTimeout(10_000);

            assertThat(silent.getInputStream().read())
                    .as("closed by the server, with nothing written")
                    .isEqualTo(-1);
            assertThat(scriptsRun).hasValue(0);
            assertThat(dropped("silent")).isEqualTo(1);
            assertThat(servesAnotherCall(server)).isTrue();
        }
    }

    @Test
    void anEnvironmentFloodIsDroppedAtItsLimitNotReadIntoMemory() throws Exception {
        AtomicInteger scriptsRun = new AtomicInteger();
        try (FastAgiServer server = FastAgiServer.start(
                        InetAddress.getLoopbackAddress(),
                        0,
                        Duration.ofSeconds(30),
                        (request, channel) -> (req, agiChannel) -> scriptsRun.incrementAndGet(),
                        registry);
                Socket flood = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            flood.setSoTimeout(10_000);
            byte[] lines = "agi_padding: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
                    .repeat(1_000)
                    .getBytes(StandardCharsets.US_ASCII);
            int sent = 0;
            try {
                for (; sent < 1_000; sent++) {
                    flood.getOutputStream().write(lines);
                }
            } catch (IOException e) {
                // The server closed the connection while the flood was still being sent.
            }

            assertThat(sent)
                    .as("batches of 1,000 lines written before the server hung up")
                    .isLessThan(1_000);
            assertThat(scriptsRun).hasValue(0);
            assertThat(dropped("environment_too_large")).isEqualTo(1);
            assertThat(servesAnotherCall(server)).isTrue();
        }
    }

    @Test
    void connectionsOverTheCapAreClosedAtOnceCountedAndLoggedOncePerInterval() throws Exception {
        int cap = 5;
        CountDownLatch allInside = new CountDownLatch(cap);
        CountDownLatch release = new CountDownLatch(1);
        MappingStrategy hold = holding(allInside, release);
        FastAgiServer.Settings settings = new FastAgiServer.Settings(
                InetAddress.getLoopbackAddress(),
                0,
                Duration.ofSeconds(30),
                cap,
                Duration.ofSeconds(5),
                Duration.ofMinutes(1));
        List<Socket> callers = new ArrayList<>();
        try (CapturedLog warnings = CapturedLog.of(BoundServerSocket.class);
                FastAgiServer server = FastAgiServer.start(settings, hold, registry)) {
            for (int i = 0; i < cap; i++) {
                Socket caller = new Socket(InetAddress.getLoopbackAddress(), server.port());
                caller.getOutputStream().write(ENVIRONMENT);
                callers.add(caller);
            }
            assertThat(allInside.await(10, TimeUnit.SECONDS)).isTrue();

            for (int i = 0; i < 3; i++) {
                try (Socket over = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    over.setSoTimeout(5_000);
                    assertThat(over.getInputStream().read())
                            .as("connection over the cap closed")
                            .isEqualTo(-1);
                }
            }

            assertThat(registry.get("omniline_agi_connections_refused_total")
                            .counter()
                            .count())
                    .isEqualTo(3);
            assertThat(registry.get("omniline_agi_connections_open").gauge().value())
                    .isEqualTo(cap);
            assertThat(warnings.messages())
                    .hasSize(1)
                    .first()
                    .asString()
                    .contains("agi.maxConnections (5) are open")
                    .contains("1 time since the last such line");
            release.countDown();
            for (Socket caller : callers) {
                caller.close();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (registry.get("omniline_agi_connections_open").gauge().value() >= cap
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(servesAnotherCall(server))
                    .as("served again once the others ended")
                    .isTrue();
        } finally {
            for (Socket caller : callers) {
                caller.close();
            }
        }
    }

    @Test
    void aMalformedEnvironmentRunsNoScriptAndHarmsNoOtherCall() throws Exception {
        AtomicInteger scriptsRun = new AtomicInteger();
        MappingStrategy ivrOnly = (request, channel) ->
                "ivr".equals(request.getScript()) ? (req, agiChannel) -> scriptsRun.incrementAndGet() : null;
        try (FastAgiServer server = FastAgiServer.start(
                        InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(5), ivrOnly, registry);
                Socket garbage = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            garbage.setSoTimeout(5_000);
            garbage.getOutputStream()
                    .write("\u0000\u00ff not an env line\nagi_request\n: :\n\n".getBytes(StandardCharsets.ISO_8859_1));

            assertThat(answerUntilClosed(garbage))
                    .as("all the server says before it closes: the dialplan sees NOT_FOUND")
                    .containsExactly(
                            "SET VARIABLE \"AJ_AGISTATUS\" \"NOT_FOUND\"",
                            "VERBOSE \"No script configured for URL 'null' (script 'null')\" 1");
            assertThat(scriptsRun).hasValue(0);
            assertThat(servesAnotherCall(server)).isTrue();
            assertThat(scriptsRun).hasValue(1);
        }
    }

    /** Scripts that say they are inside, then wait to be released. */
    private static MappingStrategy holding(CountDownLatch inside, CountDownLatch release) {
        return (request, channel) -> (req, agiChannel) -> {
            inside.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private double dropped(String reason) {
        return registry.get("omniline_agi_connections_dropped_total")
                .tag("reason", reason)
                .counter()
                .count();
    }

    /** Plays a patient Asterisk: answers every command with success until the server closes. */
    private static List<String> answerUntilClosed(Socket socket) throws IOException {
        List<String> lines = new ArrayList<>();
        LineSocket asterisk = new LineSocket(socket);
        String line;
        while ((line = asterisk.readLine()) != null) {
            lines.add(line);
            asterisk.write("200 result=1\n");
            asterisk.flush();
        }
        return lines;
    }

    private static boolean servesAnotherCall(FastAgiServer server) throws IOException {
        try (Socket caller = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            caller.setSoTimeout(5_000);
            OutputStream out = caller.getOutputStream();
            out.write(ENVIRONMENT);
            out.flush();
            InputStream in = caller.getInputStream();
            byte[] status = in.readNBytes("SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"\n".length());
            out.write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(status, StandardCharsets.US_ASCII).startsWith("SET VARIABLE \"AJ_AGISTATUS\"")
                    && in.read() == -1;
        }
    }
}
