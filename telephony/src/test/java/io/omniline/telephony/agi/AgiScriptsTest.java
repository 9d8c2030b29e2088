package io.omniline.telephony.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.telephony.capture.Transcript;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The table of scripts as Asterisk reaches it: by the name in AGI(agi://host:port/NAME?…). */
class AgiScriptsTest {

    /** The environment block of a real call to {@code ivr?flow=main}, as Asterisk 22 sent it. */
    private static final String ENVIRONMENT =
            Transcript.load("agi-01-main-routes-to-support.txt").environment();

    @Test
    void eachCallRunsTheScriptRegisteredUnderItsNameAndAnUnknownNameFindsNone() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        AgiScripts scripts = new AgiScripts()
                .register("ivr", (request, channel) -> ran.add("ivr " + request.getParameter("flow")))
                .register("voicemail-failed", (request, channel) -> ran.add("voicemail-failed"));
        try (FastAgiServer server = FastAgiServer.start(
                InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30), scripts, new SimpleMeterRegistry())) {

            assertThat(call(server, ENVIRONMENT)).isEqualTo("SUCCESS");
            assertThat(call(
                            server,
                            ENVIRONMENT
                                    .replace("/ivr?flow=main", "/voicemail-failed")
                                    .replace("ivr?flow=main", "voicemail-failed")))
                    .isEqualTo("SUCCESS");
            assertThat(call(
                            server,
                            ENVIRONMENT
                                    .replace("/ivr?flow=main", "/queue-callback")
                                    .replace("ivr?flow=main", "queue-callback")))
                    .isEqualTo("NOT_FOUND");
        }

        assertThat(ran).containsExactly("ivr main", "voicemail-failed");
    }

    @Test
    void aNameRegisteredTwiceIsRefused() {
        AgiScripts scripts = new AgiScripts().register("ivr", (request, channel) -> {});

        assertThatThrownBy(() -> scripts.register("ivr", (request, channel) -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ivr");
    }

    /** Sends {@code environment} as Asterisk would and returns the AJ_AGISTATUS the server set. */
    private static String call(FastAgiServer server, String environment) throws Exception {
        try (Socket caller = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            caller.setSoTimeout(10_000);
            OutputStream out = caller.getOutputStream();
            out.write(environment.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = caller.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n' && c != -1; c = in.read()) {
                line.append((char) c);
            }
            out.write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = line.toString();
            assertThat(status).startsWith("SET VARIABLE \"AJ_AGISTATUS\" ");
            return status.substring("SET VARIABLE \"AJ_AGISTATUS\" ".length()).replace("\"", "");
        }
    }
}
