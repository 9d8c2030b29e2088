package io.omniline.telephony.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.telephony.capture.Transcript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator must answer like the real Asterisk: given each recorded call's facts (the
 * caller's keys, which sound files exist and how long they are, AstDB's contents, whether the
 * channel was answered), its environment block and every reply must equal the recorded bytes.
 * agi-05 is left to the server replay test: it probes interrupted playback and WAIT FOR DIGIT,
 * which the IVR never sends.
 */
class SimulatorMatchesCapturesTest {

    private static final Pattern GET_DATA_REPLY = Pattern.compile("200 result=(.*)\\n");
    private static final Pattern ENDPOS = Pattern.compile("200 result=0 endpos=(\\d+)\\n");
    private static final Pattern FOUND = Pattern.compile("200 result=1 \\((.*)\\)\\n");
    /** A final reply line: a code and a space (a 520 usage reply's first line has a dash instead). */
    private static final Pattern FINAL_REPLY = Pattern.compile("[0-9]{3} .*\\n");
    /** How long the recorded server's longest pause is replayed; enough for a 35 ms HANGUP notice to arrive. */
    private static final long LONGEST_PAUSE_MILLIS = 300;

    /**
     * Each capture with how its recording server ended: agi-01 to agi-06 with a full close,
     * agi-07 to agi-11 with a half-close that waited for Asterisk's last HANGUP.
     */
    static Stream<Arguments> captures() {
        return Stream.of(
                Arguments.of("agi-01-main-routes-to-support.txt", "close"),
                Arguments.of("agi-02-main-routes-to-support-2nd-call.txt", "close"),
                Arguments.of("agi-03-main-with-invalid-commands-routes-to-sales.txt", "close"),
                Arguments.of("agi-04-caller-hangs-up-during-get-data.txt", "close"),
                Arguments.of("agi-06-sip-call-dtmf-via-sip-info.txt", "close"),
                Arguments.of("agi-07-missing-prompt-vs-caller-hangup.txt", "half-close"),
                Arguments.of("agi-08-voicemail-no-mailbox-ivr-step.txt", "half-close"),
                Arguments.of("agi-09-voicemail-no-mailbox-get-vmstatus.txt", "half-close"),
                Arguments.of("agi-10-voicemail-mailbox-ivr-step.txt", "half-close"),
                Arguments.of("agi-11-queue-timeout-get-queuestatus.txt", "half-close"));
    }

    @ParameterizedTest
    @MethodSource("captures")
    void answersByteForByteLikeTheRecordedAsterisk(String capture, String ending) {
        Transcript transcript = Transcript.load(capture);
        List<Exchange> exchanges = exchanges(transcript);
        AsteriskAgiCall simulator = simulator(transcript, exchanges);

        assertThat(environment(transcript).block()).isEqualTo(transcript.environment());
        for (Exchange exchange : asOneReplyPerCommand(exchanges, ending.equals("half-close"))) {
            assertThat(simulator.reply(exchange.command()))
                    .as(capture + ": reply to " + exchange.command())
                    .isEqualTo(exchange.reply());
        }
    }

    /**
     * Over TCP, with the recorded server's commands and pauses (long ones shortened) and its way
     * of ending (a full close, or a half-close that waits for Asterisk to close): every line on
     * the wire, in the order the recorded server saw them, equals the recording. This is where the
     * HANGUP notice with no command outstanding (agi-07), the notice before the next reply
     * (agi-04) and the HANGUP after the server's half-close (agi-07 to agi-11) are checked.
     */
    @ParameterizedTest
    @MethodSource("captures")
    void playsTheRecordedSessionOverTcpLineForLine(String capture, String ending) throws Exception {
        Transcript transcript = Transcript.load(capture);
        AsteriskAgiCall simulator = simulator(transcript, exchanges(transcript));

        List<String> wire;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> recorded = CompletableFuture.supplyAsync(
                    () -> recordedServer(server, transcript, ending.equals("half-close")));
            simulator.run(server.getLocalPort());
            wire = recorded.get(30, TimeUnit.SECONDS);
        }

        List<String> expected = transcript.entries().stream()
                .map(entry -> (entry.fromAsterisk() ? ">> " : "<< ") + entry.text())
                .toList();
        assertThat(wire)
                .as(capture)
                .containsExactlyElementsOf(expected.stream()
                        .map(line -> line.startsWith(">> agi_request: ")
                                ? line.replaceFirst(":4573/", ":" + portOf(wire) + "/")
                                : line)
                        .toList());
    }

    /** The recorded FastAGI server: reads the environment, sends each recorded command after its pause, records every line. */
    private static List<String> recordedServer(ServerSocket server, Transcript transcript, boolean halfClose) {
        List<String> wire = new ArrayList<>();
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            socket.setSoTimeout(10_000);
            String line;
            do {
                line = readLine(in);
                wire.add(">> " + line);
            } while (!line.equals("\n"));
            List<Transcript.Entry> entries = transcript.entries();
            double lastFromAsterisk = 0;
            for (Transcript.Entry entry : entries) {
                if (entry.fromAsterisk()) {
                    lastFromAsterisk = entry.seconds();
                    continue;
                }
                long pause = Math.min(LONGEST_PAUSE_MILLIS, Math.round((entry.seconds() - lastFromAsterisk) * 1000));
                if (pause >= 5) {
                    readFor(socket, in, pause, wire);
                }
                out.write(entry.bytes());
                out.flush();
                wire.add("<< " + entry.text());
                readReply(in, wire);
            }
            if (halfClose) {
                socket.shutdownOutput();
                socket.setSoTimeout(10_000);
                while ((line = readLine(in)) != null) {
                    wire.add(">> " + line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return wire;
    }

    /** Lines up to and including the final reply line; a HANGUP notice before it is recorded too. */
    private static void readReply(InputStream in, List<String> wire) throws IOException {
        String line;
        do {
            line = readLine(in);
            wire.add(">> " + line);
        } while (!FINAL_REPLY.matcher(line).matches());
    }

    /** Records whatever Asterisk sends on its own while the server says nothing. */
    private static void readFor(Socket socket, InputStream in, long millis, List<String> wire) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000;
        for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000) {
            socket.setSoTimeout((int) left);
            try {
                wire.add(">> " + readLine(in));
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        socket.setSoTimeout(10_000);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private static String portOf(List<String> wire) {
        Matcher port = Pattern.compile(":(\\d+)/")
                .matcher(wire.stream()
                        .filter(line -> line.startsWith(">> agi_request: "))
                        .findFirst()
                        .orElseThrow());
        assertThat(port.find()).isTrue();
        return port.group(1);
    }

    /** The simulator set up with what the recorded call found: keys, sound files, AstDB, answer state. */
    private static AsteriskAgiCall simulator(Transcript transcript, List<Exchange> exchanges) {
        Set<String> missing = missingSounds(exchanges);
        return new AsteriskAgiCall(
                        environment(transcript),
                        callerActions(exchanges, missing),
                        soundLengths(exchanges),
                        missing,
                        astDb(exchanges),
                        answeredBeforeAgi(transcript))
                .withChannelVariables(dialplanVariables(exchanges));
    }

    /**
     * The recording as the simulator's one-reply-per-command API gives it: a HANGUP notice that
     * came on its own after a reply is sent before the next reply, and the HANGUP written after
     * the server's half-close is not a reply to anything.
     */
    private static List<Exchange> asOneReplyPerCommand(List<Exchange> recorded, boolean halfClose) {
        String notice = AsteriskAgiCall.HANGUP_NOTICE;
        List<Exchange> replies = new ArrayList<>();
        boolean carried = false;
        for (int i = 0; i < recorded.size(); i++) {
            boolean last = i == recorded.size() - 1;
            String reply = recorded.get(i).reply();
            if (last && halfClose) {
                reply = reply.substring(0, reply.length() - notice.length());
            }
            boolean noticeAfter = !last && reply.length() > notice.length() && reply.endsWith(notice);
            if (noticeAfter) {
                reply = reply.substring(0, reply.length() - notice.length());
            }
            replies.add(new Exchange(recorded.get(i).command(), (carried ? notice : "") + reply));
            carried = noticeAfter;
        }
        return replies;
    }

    /** A command and everything Asterisk sent before the next command. */
    private record Exchange(String command, String reply) {}

    private static List<Exchange> exchanges(Transcript transcript) {
        List<Exchange> exchanges = new ArrayList<>();
        String command = null;
        StringBuilder reply = new StringBuilder();
        boolean inEnvironment = true;
        for (Transcript.Entry entry : transcript.entries()) {
            if (inEnvironment) {
                inEnvironment = !entry.text().equals("\n");
                continue;
            }
            if (!entry.fromAsterisk()) {
                if (command != null) {
                    exchanges.add(new Exchange(command, reply.toString()));
                }
                command = entry.text().substring(0, entry.text().length() - 1);
                reply.setLength(0);
            } else {
                reply.append(entry.text());
            }
        }
        exchanges.add(new Exchange(command, reply.toString()));
        return exchanges;
    }

    private static AgiEnvironment environment(Transcript transcript) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : transcript.environment().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                env.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        List<String> arguments = new ArrayList<>();
        for (int i = 1; env.containsKey("agi_arg_" + i); i++) {
            arguments.add(env.get("agi_arg_" + i));
        }
        String request = env.get("agi_request");
        Matcher hostPort = Pattern.compile("agi://([^:/]+):(\\d+)/").matcher(request);
        assertThat(hostPort.find()).isTrue();
        return new AgiEnvironment(
                env.get("agi_network_script"),
                hostPort.group(1),
                Integer.parseInt(hostPort.group(2)),
                env.get("agi_channel"),
                env.get("agi_language"),
                env.get("agi_type"),
                env.get("agi_uniqueid"),
                env.get("agi_uniqueid"),
                env.get("agi_callerid"),
                env.get("agi_calleridname"),
                env.get("agi_dnid"),
                env.get("agi_context"),
                env.get("agi_extension"),
                Integer.parseInt(env.get("agi_priority")),
                env.get("agi_threadid"),
                arguments.toArray(String[]::new));
    }

    /** GET DATA results in order; one that ended at once because its prompt is missing is no caller action. */
    private static List<CallerAction> callerActions(List<Exchange> exchanges, Set<String> missing) {
        List<CallerAction> keys = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            Matcher reply = GET_DATA_REPLY.matcher(exchange.reply().replace(AsteriskAgiCall.HANGUP_NOTICE, ""));
            AgiCommandLine command = AgiCommandLine.parse(exchange.command());
            if (command.name().equals("GET DATA")
                    && reply.matches()
                    && !(command.arguments().isEmpty()
                            || missing.contains(command.arguments().get(0)))) {
                String result = reply.group(1);
                keys.add(
                        result.equals("-1")
                                ? CallerAction.hangUp()
                                : result.equals(" (timeout)") ? CallerAction.silence() : CallerAction.press(result));
            }
        }
        return keys;
    }

    private static Map<String, Integer> soundLengths(List<Exchange> exchanges) {
        Map<String, Integer> lengths = new HashMap<>();
        for (Exchange exchange : exchanges) {
            Matcher reply = ENDPOS.matcher(exchange.reply());
            AgiCommandLine command = AgiCommandLine.parse(exchange.command());
            if (command.name().equals("STREAM FILE") && reply.matches()) {
                lengths.put(command.arguments().get(0), Integer.parseInt(reply.group(1)));
            }
        }
        return lengths;
    }

    /** Sound files STREAM FILE found missing on a live channel (fact 36). */
    private static Set<String> missingSounds(List<Exchange> exchanges) {
        Set<String> missing = new HashSet<>();
        for (Exchange exchange : exchanges) {
            AgiCommandLine command = AgiCommandLine.parse(exchange.command());
            if (command.name().equals("STREAM FILE") && exchange.reply().equals("200 result=-1 endpos=0\n")) {
                missing.add(command.arguments().get(0));
            }
        }
        return missing;
    }

    /** An ANSWER that took half a second found the channel unanswered (fact 42). */
    private static boolean answeredBeforeAgi(Transcript transcript) {
        List<Transcript.Entry> entries = transcript.entries();
        for (int i = 0; i + 1 < entries.size(); i++) {
            if (!entries.get(i).fromAsterisk() && entries.get(i).text().equals("ANSWER\n")) {
                return entries.get(i + 1).seconds() - entries.get(i).seconds() < 0.4;
            }
        }
        return true;
    }

    /** Channel variables read before this session set them: the dialplan's (VMSTATUS, QUEUESTATUS). */
    private static Map<String, String> dialplanVariables(List<Exchange> exchanges) {
        Map<String, String> before = new HashMap<>();
        Set<String> set = new HashSet<>();
        for (Exchange exchange : exchanges) {
            AgiCommandLine command = AgiCommandLine.parse(exchange.command());
            if (command.name().equals("SET VARIABLE") && !command.arguments().isEmpty()) {
                set.add(command.arguments().get(0));
            }
            Matcher found = FOUND.matcher(exchange.reply().replace(AsteriskAgiCall.HANGUP_NOTICE, ""));
            String name =
                    command.arguments().isEmpty() ? "" : command.arguments().get(0);
            if (command.name().equals("GET VARIABLE")
                    && found.matches()
                    && !set.contains(name)
                    && !name.contains("(")
                    && !name.equals("CHANNEL")) {
                before.put(name, found.group(1));
            }
        }
        return before;
    }

    /** What AstDB held before the call: values read before this call wrote them. */
    private static Map<String, String> astDb(List<Exchange> exchanges) {
        Map<String, String> before = new HashMap<>();
        Map<String, Boolean> written = new HashMap<>();
        for (Exchange exchange : exchanges) {
            String[] words = exchange.command().split(" ");
            if (exchange.command().startsWith("DATABASE PUT")) {
                written.put(words[2] + "/" + words[3], true);
            }
            Matcher found = FOUND.matcher(exchange.reply().replace(AsteriskAgiCall.HANGUP_NOTICE, ""));
            if (exchange.command().startsWith("DATABASE GET")
                    && found.matches()
                    && !written.containsKey(words[2] + "/" + words[3])) {
                before.put(words[2] + "/" + words[3], found.group(1));
            }
        }
        return before;
    }
}
