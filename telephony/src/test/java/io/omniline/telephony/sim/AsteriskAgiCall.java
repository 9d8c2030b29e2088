package io.omniline.telephony.sim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Asterisk's side of one FastAGI session, as Asterisk 22 plays it in the captures: the
 * environment block, then one reply per command with Asterisk's exact bytes (LF endings,
 * {@code 200 result= (timeout)}, 510, multi-line 520, 511 on a dead channel), a sound file that
 * does not exist ({@code 200 result=-1 endpos=0}, or {@code 200 result=-1} from GET DATA, the
 * channel still up), the bare {@code HANGUP} line about 35 ms after a caller hangs up — with
 * no command outstanding, or before the next reply when a command comes first — and one more
 * {@code HANGUP} when the server closes its side of the socket. The caller follows a script
 * of key presses, silences and a hang-up.
 */
public final class AsteriskAgiCall {

    /** Asterisk 22's usage reply for SET VARIABLE, as captured (note the two spaces). */
    static final String USAGE_SET_VARIABLE = "520-Invalid command syntax.  Proper usage follows:\n"
            + "Sets a variable to the current channel.\n"
            + "520 End of proper usage.\n";

    static final String DEAD_CHANNEL = "511 Command Not Permitted on a dead channel or intercept routine\n";
    static final String HANGUP_NOTICE = "HANGUP\n";
    /** agi-07: the HANGUP line came 37 ms after the GET DATA the caller hung up in (fact 38). */
    static final Duration HANGUP_NOTICE_DELAY = Duration.ofMillis(35);
    /** agi-07, agi-08, agi-10: ANSWER of a channel not yet answered waits for a first media frame (fact 42). */
    static final Duration ANSWER_WAIT = Duration.ofMillis(500);
    /** Asterisk's channel states as CHANNEL STATUS numbers them: ringing before the answer, up after. */
    private static final int STATE_RING = 4;

    private static final int STATE_UP = 6;
    private static final Set<String> NEEDS_LIVE_CHANNEL = Set.of(
            "ANSWER",
            "CHANNEL STATUS",
            "STREAM FILE",
            "GET DATA",
            "SAY DIGITS",
            "SAY NUMBER",
            "SAY ALPHA",
            "WAIT FOR DIGIT",
            "RECORD FILE");
    private static final Set<String> KNOWN_APPLICATIONS = Set.of("Playback", "Wait", "Verbose", "NoOp", "Set", "Queue");

    private final AgiEnvironment environment;
    private final Deque<CallerAction> caller;
    private final Map<String, Integer> soundLengths;
    private final Set<String> missingSounds;
    private final Map<String, String> astDb;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<String> commands = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();
    private final List<Path> recordings = new ArrayList<>();
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private boolean answered;
    private boolean dead;
    private boolean hangupNoticePending;
    private boolean serverClosed;

    /**
     * @param soundLengths samples per sound file (STREAM FILE answers endpos); other files that
     *     exist play 8000
     * @param missingSounds sound files Asterisk does not have
     * @param astDb Asterisk's database as this call finds it
     * @param answered whether the dialplan answered before AGI() (an unanswered channel's ANSWER takes 0.5 s)
     */
    public AsteriskAgiCall(
            AgiEnvironment environment,
            List<CallerAction> caller,
            Map<String, Integer> soundLengths,
            Set<String> missingSounds,
            Map<String, String> astDb,
            boolean answered) {
        this.environment = environment;
        this.caller = new ArrayDeque<>(caller);
        this.soundLengths = Map.copyOf(soundLengths);
        this.missingSounds = Set.copyOf(missingSounds);
        this.astDb = new HashMap<>(astDb);
        this.answered = answered;
    }

    /** An answered call on which every sound file exists. */
    public static AsteriskAgiCall of(AgiEnvironment environment, CallerAction... caller) {
        return new AsteriskAgiCall(environment, List.of(caller), Map.of(), Set.of(), Map.of(), true);
    }

    /** An answered call on which these sound files do not exist. */
    public static AsteriskAgiCall missing(
            Set<String> missingSounds, AgiEnvironment environment, CallerAction... caller) {
        return new AsteriskAgiCall(environment, List.of(caller), Map.of(), missingSounds, Map.of(), true);
    }

    /** Variables the dialplan set before AGI(), such as VMSTATUS after VoiceMail() or QUEUESTATUS after Queue(). */
    public AsteriskAgiCall withChannelVariables(Map<String, String> set) {
        variables.putAll(set);
        return this;
    }

    /**
     * The next {@code AGI()} the dialplan runs on this channel after this session ended (the survey
     * after Queue()): the channel keeps its variables and its language, so Asterisk sends the
     * language this session left in {@code agi_language}.
     */
    public AsteriskAgiCall nextAgi(String script, CallerAction... nextCaller) {
        AsteriskAgiCall next = new AsteriskAgiCall(
                environment.next(script, language()), List.of(nextCaller), soundLengths, missingSounds, astDb, true);
        next.variables.putAll(variables);
        return next;
    }

    /**
     * Connects to the FastAGI server and plays the call until the server closes its side of the
     * session; then sends the last HANGUP (fact 44) and closes.
     */
    public AsteriskAgiCall run(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            send(out, environment.withPort(port).block());
            while (true) {
                String command =
                        hangupNoticePending ? readLineWithin(socket, in, HANGUP_NOTICE_DELAY) : readLine(socket, in);
                if (command == null && !serverClosed) {
                    send(out, HANGUP_NOTICE);
                    hangupNoticePending = false;
                    continue;
                }
                if (command == null) {
                    finish(out);
                    return this;
                }
                commands.add(command);
                if (!answered && !dead && AgiCommandLine.parse(command).name().equals("ANSWER")) {
                    pause(ANSWER_WAIT);
                }
                send(out, reply(command));
            }
        }
    }

    /** The server half-closed (or closed): a pending notice, then the HANGUP Asterisk writes on the server's FIN. */
    private void finish(OutputStream out) {
        try {
            send(out, (hangupNoticePending ? HANGUP_NOTICE : "") + HANGUP_NOTICE);
        } catch (IOException e) {
            // A server that closed both directions answers this write with a reset; Asterisk ignores it too.
        }
    }

    /** The bytes Asterisk sends in answer to one command line (without its LF). */
    public String reply(String commandLine) {
        String notice = hangupNoticePending ? HANGUP_NOTICE : "";
        hangupNoticePending = false;
        return notice
                + answer(AgiCommandLine.parse(
                        commandLine.endsWith("\r") ? commandLine.substring(0, commandLine.length() - 1) : commandLine));
    }

    private String answer(AgiCommandLine command) {
        String name = command.name();
        if (dead && NEEDS_LIVE_CHANNEL.contains(name)) {
            return DEAD_CHANNEL;
        }
        return switch (name) {
            case "ANSWER" -> {
                answered = true;
                yield "200 result=0\n";
            }
            case "SAY DIGITS", "SAY NUMBER", "SAY ALPHA" -> "200 result=0\n";
            case "VERBOSE", "DATABASE PUT" -> {
                if (name.equals("DATABASE PUT") && command.arguments().size() >= 3) {
                    astDb.put(
                            command.arguments().get(0) + "/"
                                    + command.arguments().get(1),
                            command.arguments().get(2));
                }
                yield "200 result=1\n";
            }
            case "DATABASE GET" ->
                found(astDb.get(
                        command.arguments().get(0) + "/" + command.arguments().get(1)));
            case "GET VARIABLE" -> found(variable(command.arguments().get(0)));
            case "GET FULL VARIABLE" -> found(expand(command.arguments().get(0)));
            case "SET VARIABLE" -> {
                if (command.arguments().size() < 2) {
                    yield USAGE_SET_VARIABLE;
                }
                variables.put(command.arguments().get(0), command.arguments().get(1));
                yield "200 result=1\n";
            }
            case "STREAM FILE" ->
                missingSounds.contains(heard(command.arguments().get(0)))
                        ? "200 result=-1 endpos=0\n"
                        : "200 result=0 endpos="
                                + soundLengths.getOrDefault(command.arguments().get(0), 8000) + "\n";
            case "GET DATA" ->
                getData(
                        command.arguments().isEmpty()
                                ? ""
                                : heard(command.arguments().get(0)));
            case "RECORD FILE" -> recordFile(command.arguments());
            case "CHANNEL STATUS" -> "200 result=" + (answered ? STATE_UP : STATE_RING) + "\n";
            case "EXEC" ->
                KNOWN_APPLICATIONS.contains(command.arguments().get(0)) ? "200 result=0\n" : "200 result=-2\n";
            case "HANGUP" -> {
                dead = true;
                hangupNoticePending = true;
                yield "200 result=1\n";
            }
            default -> "510 Invalid or unknown command\n";
        };
    }

    /** A missing prompt ends GET DATA at once with the same bytes as a hang-up, but the caller is still there (fact 37). */
    private String getData(String prompt) {
        if (missingSounds.contains(prompt)) {
            return "200 result=-1\n";
        }
        CallerAction action = caller.isEmpty() ? new CallerAction.Silence() : caller.poll();
        return switch (action) {
            case CallerAction.Press press -> "200 result=" + press.keys().replaceFirst("#.*$", "") + "\n";
            case CallerAction.Silence silence -> "200 result= (timeout)\n";
            case CallerAction.HangUp hangUp -> {
                dead = true;
                hangupNoticePending = true;
                yield "200 result=-1\n";
            }
            case CallerAction.Meanwhile meanwhile -> {
                meanwhile.happening().run();
                caller.addFirst(meanwhile.then());
                yield getData(prompt);
            }
            case CallerAction.Speak speak -> {
                caller.addFirst(speak.then());
                yield getData(prompt);
            }
        };
    }

    /**
     * {@code RECORD FILE <file> <format> <keys> <ms> [offset] [BEEP] [s=n]} as res_agi.c's
     * handle_recordfile answers it (no capture shows it yet): the caller speaks, then a key ends it
     * ({@code 200 result=<key's code> (dtmf) endpos=<samples>}), the limit or silence does
     * ({@code 200 result=0 (timeout) endpos=<samples>}), or a hang-up does
     * ({@code 200 result=-1 (hangup) endpos=<samples>}, the HANGUP line after it). What was said is
     * written, as Asterisk writes it, to {@code <file>.<format>} when that folder exists: 8 kHz
     * 16-bit mono, silence standing for the voice. A folder that does not exist is Asterisk's
     * {@code 200 result=-1 (writefile)}.
     */
    private String recordFile(List<String> arguments) {
        Path file = Path.of(arguments.get(0) + "." + arguments.get(1));
        if (!Files.isDirectory(file.toAbsolutePath().getParent())) {
            return "200 result=-1 (writefile)\n";
        }
        heard.add("beep [" + language() + "]");
        CallerAction action = caller.isEmpty() ? new CallerAction.Silence() : caller.poll();
        double spoke = 0;
        while (action instanceof CallerAction.Speak || action instanceof CallerAction.Meanwhile) {
            if (action instanceof CallerAction.Speak speak) {
                spoke += speak.seconds();
                action = speak.then();
            } else if (action instanceof CallerAction.Meanwhile meanwhile) {
                meanwhile.happening().run();
                action = meanwhile.then();
            }
        }
        long samples = Math.round(spoke * 8000);
        recordings.add(file);
        writeSilence(file, samples);
        return switch (action) {
            case CallerAction.Press press ->
                "200 result=" + (int) press.keys().charAt(0) + " (dtmf) endpos=" + samples + "\n";
            case CallerAction.HangUp hangUp -> {
                dead = true;
                hangupNoticePending = true;
                yield "200 result=-1 (hangup) endpos=" + samples + "\n";
            }
            default -> "200 result=0 (timeout) endpos=" + samples + "\n";
        };
    }

    private static void writeSilence(Path file, long samples) {
        AudioFormat format = new AudioFormat(8000, 16, 1, true, false);
        try (AudioInputStream audio =
                new AudioInputStream(new ByteArrayInputStream(new byte[(int) samples * 2]), format, samples)) {
            AudioSystem.write(audio, AudioFileFormat.Type.WAVE, file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Notes a sound file played in the channel's language as it is now. */
    private String heard(String sound) {
        heard.add(sound + " [" + language() + "]");
        return sound;
    }

    /** The channel's language: the environment's until the server sets CHANNEL(language). */
    private String language() {
        return variables.getOrDefault("CHANNEL(language)", environment.language());
    }

    private String variable(String name) {
        return switch (name) {
            case "CALLERID(num)" -> environment.callerId();
            case "CHANNEL", "CHANNEL(name)" -> environment.channel();
            case "CHANNEL(linkedid)" -> environment.linkedId();
            case "CHANNEL(language)" -> language();
            case "CHANNEL(state)" -> answered ? "Up" : "Ring";
            default -> variables.get(name);
        };
    }

    private String expand(String expression) {
        StringBuilder expanded = new StringBuilder();
        int i = 0;
        while (i < expression.length()) {
            int start = expression.indexOf("${", i);
            if (start < 0) {
                expanded.append(expression, i, expression.length());
                break;
            }
            int end = expression.indexOf('}', start);
            expanded.append(expression, i, start);
            String value = variable(expression.substring(start + 2, end));
            expanded.append(value == null ? "" : value);
            i = end + 1;
        }
        return expanded.toString();
    }

    private static String found(String value) {
        return value == null ? "200 result=0\n" : "200 result=1 (" + value + ")\n";
    }

    /** The files RECORD FILE wrote, in order. */
    public List<Path> recordings() {
        return recordings;
    }

    /** Every command the server sent, in order. */
    public List<String> commands() {
        return commands;
    }

    /** Each sound file the caller was played (STREAM FILE, GET DATA), with the language it was played in: {@code omniline/welcome [en]}. */
    public List<String> heard() {
        return heard;
    }

    /** The channel variables the server set, as the dialplan sees them after AGI(). */
    public Map<String, String> variables() {
        return variables;
    }

    public boolean hungUp() {
        return dead;
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line, waiting as long as a patient Asterisk would; null once the server closed its side. */
    private String readLine(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout(30_000);
        return nextLine(in);
    }

    /** The next line if it comes within {@code wait}; null when it does not (or the server closed). */
    private String readLineWithin(Socket socket, InputStream in, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return nextLine(in);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Byte by byte up to LF; a line cut by a read timeout is kept for the next call. */
    private String nextLine(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String line = partialLine.toString(StandardCharsets.UTF_8);
                partialLine.reset();
                return line;
            }
            partialLine.write(b);
        }
        serverClosed = true;
        return null;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
