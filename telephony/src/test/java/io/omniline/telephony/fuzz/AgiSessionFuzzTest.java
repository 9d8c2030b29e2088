package io.omniline.telephony.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.ivr.model.SayMode;
import io.omniline.ivr.run.CallerHungUpException;
import io.omniline.telephony.agi.AgiCallChannel;
import io.omniline.telephony.agi.AgiFailureException;
import io.omniline.telephony.agi.AgiSessionScript;
import io.omniline.telephony.agi.FastAgiServer;
import io.omniline.telephony.ivr.IncomingCall;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.testing.Fuzz;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a FastAGI peer may send, made up: environment blocks built from Asterisk's with values,
 * lines and the ending mangled (or no block at all), then replies to the script's commands that
 * Asterisk would never write (garbage, HANGUP floods, endless {@code 520-} usage, lines at the
 * limit). A real server runs a script that walks a call through every kind of command. Each
 * session must end by itself within seconds, the script must see only "the caller hung up" or
 * "AGI failed" (never another exception), and the server must serve a proper call afterwards.
 */
class AgiSessionFuzzTest {

    private static final Duration PER_CASE = Duration.ofSeconds(20);
    private static final byte[] PROPER_CALL = AgiEnvironment.call("1795456000.1", "15551230000", "100", "ivr")
            .block()
            .getBytes(StandardCharsets.UTF_8);

    private static FastAgiServer server;
    private static final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() {
        FastAgiServer.Settings settings = new FastAgiServer.Settings(
                InetAddress.getLoopbackAddress(),
                0,
                Duration.ofSeconds(5),
                0,
                Duration.ofSeconds(2),
                Duration.ofMinutes(1));
        AgiSessionScript walk = (request, channel, session) -> {
            try {
                // What IvrAgiScript reads of the environment (not agi_priority or agi_callingpres:
                // Asterisk-Java parses those as numbers and throws on garbage, and Omniline never asks).
                IncomingCall incoming = IncomingCall.of(request, null);
                String caller = String.join(
                        "|",
                        String.valueOf(incoming),
                        String.valueOf(request.getScript()),
                        String.valueOf(IncomingCall.parameter(request, "node")));
                AgiCallChannel call =
                        new AgiCallChannel(channel, session, request.getLanguage(), (prompt, language) -> {});
                for (int step = 0; step < 20; step++) {
                    call.answer();
                    call.play(List.of("welcome"), "en");
                    call.readDigits("menu", "es", 4, Duration.ofSeconds(3), "#");
                    call.variable("CDR(linkedid)");
                    call.setVariable("OMNILINE_CALLER", caller);
                    call.say(SayMode.DIGITS, "123", "en");
                }
            } catch (CallerHungUpException | AgiFailureException expected) {
                // What a broken or departed peer must come to.
            } catch (Throwable e) {
                unexpected.add(e);
            }
        };
        server = FastAgiServer.start(settings, (request, channel) -> walk, new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aMangledEnvironmentAndRepliesEndTheSessionCleanly() {
        Fuzz.cases(PER_CASE, random -> {
            String environment = environment(random);
            String replies = replies(random);
            unexpected.clear();
            assertThat(serverClosesAfter((environment + replies).getBytes(StandardCharsets.UTF_8)))
                    .as("the server ended the session by itself")
                    .isTrue();
            assertThat(unexpected).isEmpty();
            assertThat(servesAProperCall()).isTrue();
        });
    }

    /**
     * Found at case 2,357 of a 10,000-case run: without {@code agi_calleridname} Asterisk-Java parses
     * {@code agi_callerid} itself and throws on a '>' before the '<'. The caller is then unknown.
     */
    @Test
    void aCallerIdAsteriskJavaCannotParseIsAnUnknownCallerNotAFailedSession() throws Exception {
        String environment = new String(PROPER_CALL, StandardCharsets.UTF_8)
                .replaceAll("agi_calleridname: [^\n]*\n", "")
                .replace("agi_callerid: 15551230000", "agi_callerid: \"Mallory\" >15551230000<");
        unexpected.clear();
        assertThat(serverClosesAfter(environment.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(unexpected).isEmpty();
    }

    @Test
    void anyBytesAtAllEndTheSessionCleanly() {
        Fuzz.cases(PER_CASE, random -> {
            byte[] bytes = Fuzz.bytes(random, 255);
            unexpected.clear();
            assertThat(serverClosesAfter(bytes)).isTrue();
            assertThat(unexpected).isEmpty();
        });
    }

    /**
     * Asterisk-Java reads a HANGUP line and then the reply after it by calling itself: a peer that
     * sends HANGUP without end would overflow the session's stack, a {@code 520-} block without
     * end would grow in memory. Past 256 lines for one command the session ends as failed.
     */
    @Test
    void aMillionLinesForOneCommandEndTheSessionAsFailedNotWithAStackOverflow() {
        byte[] flood = (new String(PROPER_CALL, StandardCharsets.UTF_8) + "HANGUP\n".repeat(1_000_000))
                .getBytes(StandardCharsets.UTF_8);
        unexpected.clear();
        assertTimeoutPreemptively(PER_CASE, () -> {
            assertThat(serverClosesAfter(flood)).isTrue();
            assertThat(unexpected).isEmpty();
        });
    }

    private static String environment(Random random) {
        if (random.nextBoolean()) {
            return new String(PROPER_CALL, StandardCharsets.UTF_8);
        }
        List<String> lines = Fuzz.list(random, 200, AgiSessionFuzzTest::environmentLine);
        return String.join("\n", lines) + "\n" + Fuzz.pick(random, "\n", "\r\n", "", "\n\n");
    }

    private static String environmentLine(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> key(random) + ": " + value(random);
            case 1 -> key(random) + ":" + value(random);
            default -> value(random);
        };
    }

    private static String key(Random random) {
        return random.nextBoolean()
                ? Fuzz.pick(
                        random,
                        "agi_network",
                        "agi_network_script",
                        "agi_request",
                        "agi_channel",
                        "agi_language",
                        "agi_uniqueid",
                        "agi_callerid",
                        "agi_calleridname",
                        "agi_callingpres",
                        "agi_dnid",
                        "agi_priority",
                        "agi_enhanced",
                        "agi_arg_1",
                        "agi_arg_999",
                        "agi_threadid")
                : Fuzz.string(random, 15);
    }

    private static String value(Random random) {
        return switch (Fuzz.weighted(random, 10, 10, 1, 10)) {
            case 0 -> Fuzz.string(random, 30);
            case 1 -> Fuzz.string(random, "0123456789.;/@:?=&%- ", 20);
            case 2 -> "9".repeat(Fuzz.between(random, 1000, 20_000));
            default -> Fuzz.pick(random, "", "unknown", "-1", "99999999999999999999", "agi://:/", "ivr?flow=&&=");
        };
    }

    private static String replies(Random random) {
        if (random.nextBoolean()) {
            return String.join("\n", Fuzz.list(random, 150, AgiSessionFuzzTest::reply)) + "\n";
        }
        String line = Fuzz.pick(random, "HANGUP", "520-usage", "100 Trying...");
        return (line + "\n").repeat(Fuzz.between(random, 100, 3000));
    }

    private static String reply(Random random) {
        return switch (Fuzz.weighted(random, 20, 10, 1)) {
            case 0 ->
                Fuzz.pick(
                        random,
                        "200 result=0",
                        "200 result=1",
                        "200 result=-1 (endpos=0)",
                        "200 result=49 (timeout)",
                        "200 result=1 (Up)",
                        "200 result=0 endpos=8000",
                        "200 result=",
                        "200",
                        "200 result=x(((",
                        "510 Invalid or unknown command",
                        "511 Command Not Permitted on a dead channel or intercept routine",
                        "520-Invalid command syntax.  Proper usage follows:",
                        "520 End of proper usage.",
                        "100 Trying...",
                        "HANGUP",
                        "HANGUP200 result=1",
                        "",
                        "\r",
                        "999999999999 result=1");
            case 1 -> Fuzz.string(random, 80);
            default -> "x".repeat(Fuzz.between(random, 60_000, 70_000));
        };
    }

    /** Sends it all, half-closes and waits for the server to close: true unless it stayed open past its idle timeout. */
    private static boolean serverClosesAfter(byte[] bytes) throws IOException {
        try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            peer.setSoTimeout(15_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = peer.getOutputStream();
                    out.write(bytes);
                    out.flush();
                    peer.shutdownOutput();
                } catch (IOException e) {
                    // The server hung up on us before reading everything: it refused the input.
                }
            });
            InputStream in = peer.getInputStream();
            byte[] sink = new byte[8192];
            try {
                while (in.read(sink) != -1) {
                    // What the server writes (its commands) does not matter here, only that it ends.
                }
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                // A reset: the server closed without reading all we sent, which also ends the session.
            }
            try {
                writer.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }
    }

    /** A call as Asterisk places it, which hangs up after its first reply: the server writes, then closes. */
    private static boolean servesAProperCall() throws IOException {
        try (Socket caller = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            caller.setSoTimeout(10_000);
            OutputStream out = caller.getOutputStream();
            out.write(PROPER_CALL);
            out.flush();
            InputStream in = caller.getInputStream();
            int firstCommandBytes = 0;
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                firstCommandBytes++;
            }
            out.write("HANGUP\n511 Command Not Permitted on a dead channel or intercept routine\n"
                    .getBytes(StandardCharsets.US_ASCII));
            caller.shutdownOutput();
            while (in.read() != -1) {
                // Drain to the server's close.
            }
            return firstCommandBytes > 0;
        }
    }
}
