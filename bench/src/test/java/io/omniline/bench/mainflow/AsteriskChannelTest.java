package io.omniline.bench.mainflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.telephony.capture.Transcript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's Asterisk against a scripted FastAGI server: it must answer as the captures show
 * (the environment block's keys in Asterisk's order, the exact reply bytes, the HANGUP lines).
 */
class AsteriskChannelTest {

    private static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine";

    @Test
    void sendsTheEnvironmentBlockInAsterisksOrderAndAnswersKeysWithTheDigits() throws Exception {
        Caller presser = caller(Caller.Behaviour.PRESSES, -1);
        List<String> seen = new ArrayList<>();
        PlacedCall call = converse(presser, (in, out) -> {
            String line;
            while (!(line = in.readLine()).isEmpty()) {
                seen.add(line.substring(0, line.indexOf(':')));
            }
            assertThat(ask(in, out, "GET VARIABLE \"CHANNEL(linkedid)\""))
                    .isEqualTo("200 result=1 (" + presser.uniqueId() + ")");
            assertThat(ask(in, out, "ANSWER")).isEqualTo("200 result=0");
            assertThat(ask(in, out, "STREAM FILE \"omniline/welcome\" \"\"")).isEqualTo("200 result=0 endpos=80");
            assertThat(ask(in, out, "GET DATA \"omniline/for-english-1-para-espanol-2\" 4000 1"))
                    .matches("200 result=[123]");
            assertThat(ask(in, out, "GET DATA \"omniline/enter-account-number\" 6000 10"))
                    .matches("200 result=\\d{8}");
            assertThat(ask(in, out, "SET VARIABLE \"OMNILINE_ACTION\" \"queue\""))
                    .isEqualTo("200 result=1");
            assertThat(ask(in, out, "SET VARIABLE \"OMNILINE_QUEUE\" \"sales\""))
                    .isEqualTo("200 result=1");
            assertThat(ask(in, out, "SET VARIABLE \"OMNILINE_INTERACTION_ID\" \"42\""))
                    .isEqualTo("200 result=1");
            assertThat(ask(in, out, "FOO BAR")).isEqualTo("510 Invalid or unknown command");
        });

        assertThat(seen).isEqualTo(capturedEnvironmentKeys());
        assertThat(call.completed()).isTrue();
        assertThat(call.queue()).isEqualTo("sales");
        assertThat(call.interactionId()).isEqualTo(42);
    }

    @Test
    void aCallerWhoHangsUpGetsResultMinusOneThenAnUnaskedHangupThen511() throws Exception {
        List<String> afterClose = new ArrayList<>();
        PlacedCall call = converse(
                caller(Caller.Behaviour.HANGS_UP, 0),
                (in, out) -> {
                    skipEnvironment(in);
                    assertThat(ask(in, out, "GET DATA \"omniline/for-english-1-para-espanol-2\" 4000 1"))
                            .isEqualTo("200 result=-1");
                    // Fact 38: the HANGUP line comes on its own, with no command outstanding.
                    assertThat(in.readLine()).isEqualTo("HANGUP");
                    assertThat(ask(in, out, "STREAM FILE \"omniline/goodbye\" \"\""))
                            .isEqualTo(DEAD);
                    assertThat(ask(in, out, "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\""))
                            .isEqualTo("200 result=1");
                },
                afterClose);

        assertThat(call.completed()).isTrue();
        // Fact 44: one more HANGUP when the server closes its side.
        assertThat(afterClose).containsExactly("HANGUP");
    }

    @Test
    void aSilentCallerLetsThePromptTimeOut() throws Exception {
        converse(caller(Caller.Behaviour.SILENT_ONCE, 0), (in, out) -> {
            skipEnvironment(in);
            long asked = System.nanoTime();
            assertThat(ask(in, out, "GET DATA \"omniline/for-english-1-para-espanol-2\" 300 1"))
                    .isEqualTo("200 result= (timeout)");
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(ask(in, out, "SET VARIABLE \"OMNILINE_ACTION\" \"queue\""))
                    .isEqualTo("200 result=1");
        });
    }

    @Test
    void aSessionThatEndsWithoutTellingTheDialplanWhereToGoFails() throws Exception {
        PlacedCall call = converse(caller(Caller.Behaviour.PRESSES, -1), (in, out) -> {
            skipEnvironment(in);
            assertThat(ask(in, out, "ANSWER")).isEqualTo("200 result=0");
        });

        assertThat(call.completed()).isFalse();
    }

    @Test
    void aCallQueuedWithPriorityZeroWentToTheNodesFallbackQueue() throws Exception {
        PlacedCall call = converse(caller(Caller.Behaviour.PRESSES, -1), (in, out) -> {
            skipEnvironment(in);
            assertThat(ask(in, out, "STREAM FILE \"omniline/welcome\" \"\"")).startsWith("200 result=0");
            assertThat(ask(in, out, "SET VARIABLE \"OMNILINE_ACTION\" \"queue\""))
                    .isEqualTo("200 result=1");
            assertThat(ask(in, out, "SET VARIABLE \"OMNILINE_QUEUE\" \"support\""))
                    .isEqualTo("200 result=1");
            assertThat(ask(in, out, "SET VARIABLE \"OMNILINE_QUEUE_PRIORITY\" \"0\""))
                    .isEqualTo("200 result=1");
        });

        assertThat(call.completed()).isFalse();
        assertThat(call.queue()).isEqualTo("support");
    }

    private static Caller caller(Caller.Behaviour behaviour, int trouble) {
        return new Caller(
                0, "1795455998.1", "15551234567", Caller.Kind.UNKNOWN, behaviour, trouble, Duration.ofMillis(20), 7);
    }

    private interface Script {
        void play(BufferedReader in, OutputStream out) throws IOException;
    }

    private static PlacedCall converse(Caller caller, Script script) throws Exception {
        return converse(caller, script, new ArrayList<>());
    }

    /** Runs the script as the FastAGI server, half-closes, and keeps what Asterisk sends after that. */
    private static PlacedCall converse(Caller caller, Script script, List<String> afterClose) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<PlacedCall> call = CompletableFuture.supplyAsync(() ->
                    new AsteriskChannel(caller, Duration.ofMillis(10), new CallStats(1)).run(server.getLocalPort()));
            try (Socket socket = server.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                script.play(in, socket.getOutputStream());
                socket.shutdownOutput();
                String line;
                while ((line = in.readLine()) != null) {
                    afterClose.add(line);
                }
            }
            return call.get(10, TimeUnit.SECONDS);
        }
    }

    private static String ask(BufferedReader in, OutputStream out, String command) throws IOException {
        out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return in.readLine();
    }

    private static void skipEnvironment(BufferedReader in) throws IOException {
        while (!in.readLine().isEmpty()) {
            // The block ends with an empty line.
        }
    }

    /** The keys of the environment block of the captured PJSIP call (agi-06), without the AGI() arguments. */
    private static List<String> capturedEnvironmentKeys() {
        List<String> keys = new ArrayList<>();
        for (Transcript.Entry entry :
                Transcript.load("agi-06-sip-call-dtmf-via-sip-info.txt").entries()) {
            String text = entry.text();
            if (!entry.fromAsterisk() || text.equals("\n")) {
                if (!keys.isEmpty()) {
                    break;
                }
                continue;
            }
            if (!text.startsWith("agi_arg_")) {
                keys.add(text.substring(0, text.indexOf(':')));
            }
        }
        return keys;
    }
}
