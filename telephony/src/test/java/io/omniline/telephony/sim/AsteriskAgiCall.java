package io.omniline.telephony.sim;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asterisk's side of one FastAGI session, as Asterisk 22 plays it in the captures: the
 * environment block, then one reply per command with Asterisk's exact bytes (LF endings,
 * {@code 200 result= (timeout)}, 510, multi-line 520, 511 on a dead channel, and the bare
 * {@code HANGUP} line that comes before the reply to the first command after a hang-up).
 * The caller follows a script of key presses, silences and a hang-up.
 */
public final class AsteriskAgiCall {

    /** Asterisk 22's usage reply for SET VARIABLE, as captured (note the two spaces). */
    static final String USAGE_SET_VARIABLE = "520-Invalid command syntax.  Proper usage follows:\n"
            + "Sets a variable to the current channel.\n"
            + "520 End of proper usage.\n";
    private static final Set<String> NEEDS_LIVE_CHANNEL = Set.of("ANSWER", "CHANNEL STATUS", "STREAM FILE", "GET DATA",
            "SAY DIGITS", "SAY NUMBER", "SAY ALPHA", "WAIT FOR DIGIT");
    private static final Set<String> KNOWN_APPLICATIONS = Set.of("Playback", "Wait", "Verbose", "NoOp", "Set", "Queue");

    private final AgiEnvironment environment;
    private final Deque<CallerAction> caller;
    private final Map<String, Integer> soundLengths;
    private final Map<String, String> astDb;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<String> commands = new ArrayList<>();
    private boolean dead;
    private boolean hangupNoticePending;

    /**
     * @param soundLengths samples per sound file (STREAM FILE answers endpos); unknown files play 8000
     * @param astDb Asterisk's database as this call finds it
     */
    public AsteriskAgiCall(AgiEnvironment environment, List<CallerAction> caller, Map<String, Integer> soundLengths,
                           Map<String, String> astDb) {
        this.environment = environment;
        this.caller = new ArrayDeque<>(caller);
        this.soundLengths = Map.copyOf(soundLengths);
        this.astDb = new HashMap<>(astDb);
    }

    public static AsteriskAgiCall of(AgiEnvironment environment, CallerAction... caller) {
        return new AsteriskAgiCall(environment, List.of(caller), Map.of(), Map.of());
    }

    /** Connects to the FastAGI server and plays the call until the server closes the session. */
    public AsteriskAgiCall run(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(environment.withPort(port).block().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String command;
            while ((command = readLine(in)) != null) {
                commands.add(command);
                out.write(reply(command).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        return this;
    }

    /** The bytes Asterisk sends in answer to one command line (without its LF). */
    public String reply(String commandLine) {
        String notice = hangupNoticePending ? "HANGUP\n" : "";
        hangupNoticePending = false;
        return notice + answer(AgiCommandLine.parse(commandLine.endsWith("\r")
                ? commandLine.substring(0, commandLine.length() - 1) : commandLine));
    }

    private String answer(AgiCommandLine command) {
        String name = command.name();
        if (dead && NEEDS_LIVE_CHANNEL.contains(name)) {
            return "511 Command Not Permitted on a dead channel or intercept routine\n";
        }
        return switch (name) {
            case "ANSWER", "SAY DIGITS", "SAY NUMBER", "SAY ALPHA" -> "200 result=0\n";
            case "VERBOSE", "DATABASE PUT" -> {
                if (name.equals("DATABASE PUT") && command.arguments().size() >= 3) {
                    astDb.put(command.arguments().get(0) + "/" + command.arguments().get(1), command.arguments().get(2));
                }
                yield "200 result=1\n";
            }
            case "DATABASE GET" -> found(astDb.get(command.arguments().get(0) + "/" + command.arguments().get(1)));
            case "GET VARIABLE" -> found(variable(command.arguments().get(0)));
            case "GET FULL VARIABLE" -> found(expand(command.arguments().get(0)));
            case "SET VARIABLE" -> {
                if (command.arguments().size() < 2) {
                    yield USAGE_SET_VARIABLE;
                }
                variables.put(command.arguments().get(0), command.arguments().get(1));
                yield "200 result=1\n";
            }
            case "STREAM FILE" -> "200 result=0 endpos=" + soundLengths.getOrDefault(command.arguments().get(0), 8000) + "\n";
            case "GET DATA" -> getData();
            case "CHANNEL STATUS" -> "200 result=6\n";
            case "EXEC" -> KNOWN_APPLICATIONS.contains(command.arguments().get(0)) ? "200 result=0\n" : "200 result=-2\n";
            case "HANGUP" -> {
                dead = true;
                hangupNoticePending = true;
                yield "200 result=1\n";
            }
            default -> "510 Invalid or unknown command\n";
        };
    }

    private String getData() {
        CallerAction action = caller.isEmpty() ? new CallerAction.Silence() : caller.poll();
        return switch (action) {
            case CallerAction.Press press -> "200 result=" + press.keys().replaceFirst("#.*$", "") + "\n";
            case CallerAction.Silence silence -> "200 result= (timeout)\n";
            case CallerAction.HangUp hangUp -> {
                dead = true;
                hangupNoticePending = true;
                yield "200 result=-1\n";
            }
        };
    }

    private String variable(String name) {
        return switch (name) {
            case "CALLERID(num)" -> environment.callerId();
            case "CHANNEL", "CHANNEL(name)" -> environment.channel();
            case "CHANNEL(linkedid)" -> environment.linkedId();
            case "CHANNEL(language)" -> variables.getOrDefault(name, environment.language());
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

    /** Every command the server sent, in order. */
    public List<String> commands() {
        return commands;
    }

    /** The channel variables the server set, as the dialplan sees them after AGI(). */
    public Map<String, String> variables() {
        return variables;
    }

    public boolean hungUp() {
        return dead;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }
}
