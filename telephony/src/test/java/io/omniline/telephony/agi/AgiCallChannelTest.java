package io.omniline.telephony.agi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.ivr.run.CallerHungUpException;
import io.omniline.ivr.run.Recording;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A {@code result=-1} told apart by what follows it on the wire, whatever the timing of the
 * HANGUP line: Asterisk plays these replies byte for byte as in agi-04 and agi-07.
 */
class AgiCallChannelTest {

    private static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine\n";

    @Test
    void aMinusOneWhoseHangupLineComesOnItsOwnLaterIsTheCallerHangingUp() throws Exception {
        Session session = run(
                channel -> channel.readDigits("omniline/main-menu", "en", 1, Duration.ofSeconds(5), null),
                new Step("GET DATA", "200 result=-1\n"),
                Step.unsolicited("HANGUP\n"),
                new Step("CHANNEL STATUS", DEAD));

        assertThat(session.outcome).isEqualTo("caller hung up");
        assertThat(session.unplayed).isEmpty();
        assertThat(session.afterScript)
                .as("the server half-closed right after, sending nothing more")
                .isEmpty();
    }

    @Test
    void aHangupLineBeforeTheNextReplyIsTheCallerHangingUpWhateverThatReplySays() throws Exception {
        Session session = run(
                channel -> channel.readDigits("omniline/main-menu", "en", 1, Duration.ofSeconds(5), null),
                new Step("GET DATA", "200 result=-1\n"),
                new Step("CHANNEL STATUS", "HANGUP\n200 result=6\n"));

        assertThat(session.outcome).isEqualTo("caller hung up");
        assertThat(session.unplayed).isEmpty();
    }

    @Test
    void aMinusOneOnAChannelThatIsStillUpIsAPromptThatCouldNotPlayAndTheFlowGoesOn() throws Exception {
        Session session = run(
                channel -> {
                    channel.play(List.of("omniline/welcome"), "en");
                    String digits = channel.readDigits("omniline/main-menu", "en", 1, Duration.ofSeconds(5), null);
                    channel.setVariable("OMNILINE_ACTION", "queue");
                    return "digits [" + digits + "]";
                },
                new Step("STREAM FILE", "200 result=-1 endpos=0\n"),
                new Step("CHANNEL STATUS", "200 result=6\n"),
                new Step("GET DATA", "200 result=-1\n"),
                new Step("CHANNEL STATUS", "200 result=6\n"),
                new Step("SET VARIABLE", "200 result=1\n"));

        assertThat(session.outcome).isEqualTo("digits []");
        assertThat(session.unplayed).containsExactly("omniline/welcome", "omniline/main-menu");
    }

    @Test
    void aCommandAnsweredAfterAHangupLineEndsTheFlowThoughItSucceeded() throws Exception {
        Session session = run(
                channel -> {
                    channel.setVariable("A", "1");
                    channel.setVariable("B", "2");
                    return "both set";
                },
                new Step("SET VARIABLE", "HANGUP\n200 result=1\n"));

        assertThat(session.outcome).isEqualTo("caller hung up");
        assertThat(session.commands).hasSize(1);
    }

    @Test
    void aRecordingEndedByPoundIsAKeyWithTheSamplesAsteriskWrote() throws Exception {
        Session session = run(
                AgiCallChannelTest::comment,
                new Step("STREAM FILE \"omniline/survey-comment-record\"", "200 result=0 endpos=45600\n"),
                new Step(
                        "RECORD FILE \"/var/spool/asterisk/monitor/survey-comment-7-ab\" \"wav\" \"#\" 60000 0 BEEP s=5",
                        "200 result=35 (dtmf) endpos=96000\n"),
                new Step("SET VARIABLE", "200 result=1\n"));

        assertThat(session.outcome).isEqualTo("KEY 96000, then the flow went on");
    }

    @Test
    void aRecordingThatRanIntoSilenceOrItsLimitIsATimeout() throws Exception {
        Session session = run(
                AgiCallChannelTest::comment,
                new Step("STREAM FILE", "200 result=0 endpos=45600\n"),
                new Step("RECORD FILE", "200 result=0 (timeout) endpos=40000\n"),
                new Step("SET VARIABLE", "200 result=1\n"));

        assertThat(session.outcome).isEqualTo("TIMEOUT 40000, then the flow went on");
    }

    @Test
    void aCallerWhoHangsUpWhileRecordingLeavesWhatTheySaidAndTheSessionEnds() throws Exception {
        Session session = run(
                channel -> {
                    Recording recording = channel.record(
                            "omniline/survey-comment-record",
                            "en",
                            "/var/spool/asterisk/monitor/survey-comment-7-ab",
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(5));
                    return recording.ending() + " " + recording.samples() + ", gone: " + channel.callerGone();
                },
                new Step("STREAM FILE", "200 result=0 endpos=45600\n"),
                new Step("RECORD FILE", "200 result=-1 (hangup) endpos=23840\n"),
                Step.unsolicited("HANGUP\n"));

        assertThat(session.outcome).isEqualTo("HANGUP 23840, gone: true");
        assertThat(session.afterScript)
                .as("the server half-closed right after, sending nothing more")
                .isEmpty();
    }

    @Test
    void aHangupDuringTheBeepIsAHangupWithNothingRecorded() throws Exception {
        Session session = run(
                AgiCallChannelTest::comment,
                new Step("STREAM FILE", "200 result=0 endpos=45600\n"),
                new Step("RECORD FILE", "200 result=-1 (randomerror) endpos=0\n"),
                Step.unsolicited("HANGUP\n"),
                new Step("CHANNEL STATUS", DEAD));

        assertThat(session.outcome).isEqualTo("HANGUP 0, then the flow went on");
    }

    @Test
    void aFileAsteriskCannotWriteIsARecordingThatFailedAndTheCallGoesOn() throws Exception {
        Session session = run(
                AgiCallChannelTest::comment,
                new Step("STREAM FILE", "200 result=0 endpos=45600\n"),
                new Step("RECORD FILE", "200 result=-1 (writefile)\n"),
                new Step("CHANNEL STATUS", "200 result=6\n"),
                new Step("SET VARIABLE", "200 result=1\n"));

        assertThat(session.outcome).isEqualTo("FAILED 0, then the flow went on");
    }

    /** Records a comment, then sets a variable as the flow's next node would (unless the caller left). */
    private static String comment(AgiCallChannel channel) {
        Recording recording = channel.record(
                "omniline/survey-comment-record",
                "en",
                "/var/spool/asterisk/monitor/survey-comment-7-ab",
                Duration.ofSeconds(60),
                Duration.ofSeconds(5));
        if (recording.ending() != Recording.Ending.HANGUP) {
            channel.setVariable("OMNILINE_ACTION", "hangup");
        }
        return recording.ending() + " " + recording.samples() + ", then the flow went on";
    }

    /** What the script did, what it reported and what Asterisk received after the script's commands. */
    private static final class Session {
        private final List<String> unplayed = new CopyOnWriteArrayList<>();
        private final List<String> commands = new ArrayList<>();
        private final List<String> afterScript = new ArrayList<>();
        private volatile String outcome;
    }

    /** A command Asterisk expects (by its start) and its reply bytes; or a line Asterisk sends on its own. */
    private record Step(String command, String reply, boolean unsolicitedLine) {

        Step(String command, String reply) {
            this(command, reply, false);
        }

        static Step unsolicited(String line) {
            return new Step(null, line, true);
        }
    }

    @FunctionalInterface
    private interface Flow {
        String run(AgiCallChannel channel);
    }

    private static Session run(Flow flow, Step... steps) throws Exception {
        Session session = new Session();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AgiSessionScript script = (request, agiChannel, agiSession) -> {
            AgiCallChannel channel = new AgiCallChannel(
                    agiChannel, agiSession, "en", (prompt, language) -> session.unplayed.add(prompt));
            try {
                session.outcome = flow.run(channel);
            } catch (CallerHungUpException e) {
                session.outcome = "caller hung up";
            } finally {
                done.complete(null);
            }
        };
        try (FastAgiServer server = FastAgiServer.start(
                        InetAddress.getLoopbackAddress(),
                        0,
                        Duration.ofSeconds(10),
                        (request, channel) -> script,
                        new SimpleMeterRegistry());
                Socket asterisk = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            asterisk.setSoTimeout(5_000);
            InputStream in = asterisk.getInputStream();
            OutputStream out = asterisk.getOutputStream();
            out.write(Transcript.load("agi-07-missing-prompt-vs-caller-hangup.txt")
                    .environment()
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (Step step : steps) {
                if (step.unsolicitedLine()) {
                    Thread.sleep(35);
                } else {
                    String command = readLine(in);
                    assertThat(command).startsWith(step.command());
                    session.commands.add(command);
                }
                out.write(step.reply().getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            done.get(5, TimeUnit.SECONDS);
            String line;
            while ((line = readLine(in)) != null) {
                session.afterScript.add(line);
                if (line.startsWith("SET VARIABLE \"AJ_AGISTATUS\"")) {
                    out.write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
            session.afterScript.removeIf(line2 -> line2.startsWith("SET VARIABLE \"AJ_AGISTATUS\""));
        }
        return session;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString();
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
