package io.omniline.telephony.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.telephony.capture.Transcript;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.InvalidCommandSyntaxException;
import org.asteriskjava.fastagi.InvalidOrUnknownCommandException;
import org.asteriskjava.fastagi.command.AbstractAgiCommand;
import org.asteriskjava.fastagi.reply.AgiReply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each real FastAGI session recorded from Asterisk 22, replayed byte for byte through
 * Omniline's FastAGI server: the fake Asterisk sends exactly the recorded bytes, the server
 * sends the recorded commands, and every byte the server sends must equal the recording.
 * Shows that the transport frames real traffic (LF endings, a CRLF command, multi-line 520
 * usage replies, the HANGUP line) and that Asterisk-Java parses the real environment block
 * and replies.
 */
class AgiCaptureReplayTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "agi-01-main-routes-to-support.txt",
                "agi-02-main-routes-to-support-2nd-call.txt",
                "agi-03-main-with-invalid-commands-routes-to-sales.txt",
                "agi-04-caller-hangs-up-during-get-data.txt",
                "agi-05-errors-dtmf-and-agi-hangup.txt",
                "agi-06-sip-call-dtmf-via-sip-info.txt"
            })
    void aRecordedSessionReplaysByteForByte(String capture) throws Exception {
        Transcript transcript = Transcript.load(capture);
        List<String> commands = transcript.entries().stream()
                .filter(entry -> !entry.fromAsterisk())
                .map(entry -> entry.text().substring(0, entry.text().length() - 1))
                .toList();
        CompletableFuture<AgiRequest> request = new CompletableFuture<>();
        List<String> outcomes = new ArrayList<>();

        try (FastAgiServer server = FastAgiServer.start(
                InetAddress.getLoopbackAddress(),
                0,
                Duration.ofSeconds(10),
                (agiRequest, channel) -> (req, agiChannel) -> {
                    request.complete(req);
                    for (String command : commands) {
                        outcomes.add(send(agiChannel, command));
                    }
                },
                new SimpleMeterRegistry())) {
            playAsterisk(transcript, server.port());
        }

        AgiRequest parsed = request.get(5, TimeUnit.SECONDS);
        assertThat(parsed.getScript()).isEqualTo("ivr");
        assertThat(parsed.getParameter("flow"))
                .isEqualTo(envValue(transcript, "agi_network_script").replaceFirst("^ivr\\?flow=", ""));
        assertThat(parsed.getCallerIdNumber()).isEqualTo("15551234567");
        assertThat(parsed.getUniqueId()).isEqualTo(envValue(transcript, "agi_uniqueid"));
        assertThat(parsed.getChannel()).isEqualTo(envValue(transcript, "agi_channel"));
        assertThat(parsed.getExtension()).isEqualTo(envValue(transcript, "agi_extension"));
        assertThat(outcomes)
                .as("the reply code Asterisk-Java saw for each command")
                .containsExactlyElementsOf(replyCodes(transcript));
    }

    /** The fake Asterisk: plays every recorded Asterisk line and checks every server line. */
    private static void playAsterisk(Transcript transcript, int port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (Transcript.Entry entry : transcript.entries()) {
                if (entry.fromAsterisk()) {
                    out.write(entry.bytes());
                    out.flush();
                } else {
                    byte[] sent = in.readNBytes(entry.bytes().length);
                    assertThat(new String(sent, StandardCharsets.UTF_8))
                            .as(transcript.name() + ": server sent")
                            .isEqualTo(entry.text());
                    assertThat(Arrays.equals(sent, entry.bytes())).isTrue();
                }
            }
            // Asterisk-Java reports the script's end to the dialplan before it closes the socket.
            byte[] status = "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(new String(in.readNBytes(status.length), StandardCharsets.US_ASCII))
                    .isEqualTo(new String(status, StandardCharsets.US_ASCII));
            out.write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.read())
                    .as("the server closes the session when its script ends")
                    .isEqualTo(-1);
        }
    }

    /** How Asterisk-Java surfaces each reply: a status, or the exception for 510, 511 and 520. */
    private static String send(AgiChannel channel, String command) {
        try {
            AgiReply reply = channel.sendCommand(new RawCommand(command));
            return String.valueOf(reply.getStatus());
        } catch (InvalidOrUnknownCommandException e) {
            return "510";
        } catch (AgiHangupException e) {
            return "511";
        } catch (InvalidCommandSyntaxException e) {
            return "520";
        } catch (AgiException e) {
            return "failed: " + e.getMessage();
        }
    }

    /** The status of Asterisk's reply to each command, skipping HANGUP notices and 520 continuation lines. */
    private static List<String> replyCodes(Transcript transcript) {
        List<String> codes = new ArrayList<>();
        boolean awaitingReply = false;
        for (Transcript.Entry entry : transcript.entries()) {
            if (!entry.fromAsterisk()) {
                awaitingReply = true;
            } else if (awaitingReply && entry.text().matches("[0-9]{3} .*\\n")) {
                codes.add(entry.text().substring(0, 3));
                awaitingReply = false;
            } else if (awaitingReply && entry.text().startsWith("520-")) {
                codes.add("520");
                awaitingReply = false;
            }
        }
        return codes;
    }

    private static String envValue(Transcript transcript, String key) {
        return transcript.entries().stream()
                .map(Transcript.Entry::text)
                .filter(line -> line.startsWith(key + ": "))
                .map(line -> line.substring(key.length() + 2, line.length() - 1))
                .findFirst()
                .orElseThrow();
    }

    /** A command sent as recorded; a recorded CRLF ending keeps its CR. */
    private static final class RawCommand extends AbstractAgiCommand {

        private static final long serialVersionUID = 1L;
        private final String text;

        RawCommand(String text) {
            this.text = text;
        }

        @Override
        public String buildCommand() {
            return text;
        }
    }
}
