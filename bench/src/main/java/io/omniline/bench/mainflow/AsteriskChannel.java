package io.omniline.bench.mainflow;

import io.omniline.telephony.ivr.DialplanVariables;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Asterisk's side of one FastAGI session, as {@code asterisk-conf}'s dialplan runs it for a call
 * from the PSTN trunk to extension 100 ({@code Answer()}, then {@code AGI(agi://…/ivr)}), with the
 * replies and timing of the captures: the environment block (agi-06, a PJSIP call), prompts that
 * play for their length before {@code 200 result=0 endpos=…}, GET DATA answered with the keys
 * after the caller's think time, {@code 200 result= (timeout)} after the prompt and the timeout
 * (fact 26), and a hang-up as {@code 200 result=-1} followed about 35 ms later by a bare
 * {@code HANGUP} line, 511 for channel commands from then on (facts 27, 38), and one more
 * {@code HANGUP} when the server closes its side (fact 44).
 */
final class AsteriskChannel {

    static final String DIALLED = "100";
    private static final Set<String> NEEDS_LIVE_CHANNEL = Set.of(
            "ANSWER",
            "CHANNEL STATUS",
            "STREAM FILE",
            "GET DATA",
            "SAY ALPHA",
            "SAY DIGITS",
            "SAY NUMBER",
            "WAIT FOR DIGIT");
    private static final Set<String> PROMPTS =
            Set.of("STREAM FILE", "GET DATA", "SAY ALPHA", "SAY DIGITS", "SAY NUMBER");
    private static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine\n";
    /** Longer than anything the server may legitimately take between two commands. */
    private static final int SERVER_SILENCE_LIMIT_MILLIS = 60_000;

    private static final Duration HANGUP_NOTICE = Duration.ofMillis(35);
    private static final int SAMPLES_PER_MILLI = 8;

    private final Caller caller;
    private final Duration prompt;
    private final CallStats stats;
    private final SplittableRandom random;
    private final Map<String, String> variables = new HashMap<>();
    private boolean dead;
    private boolean callerHungUp;
    private int keyPrompts;

    AsteriskChannel(Caller caller, Duration prompt, CallStats stats) {
        this.caller = caller;
        this.prompt = prompt;
        this.stats = stats;
        this.random = new SplittableRandom(caller.seed());
    }

    PlacedCall run(int port) {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            } catch (IOException e) {
                stats.failed("could not connect (refused, or not accepted within 10 s)");
                return placed(false);
            }
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(SERVER_SILENCE_LIMIT_MILLIS);
            return converse(socket);
        } catch (SocketTimeoutException e) {
            stats.failed("server silent for 60 s");
        } catch (IOException e) {
            stats.failed("connection broken");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stats.failed("benchmark interrupted");
        }
        return placed(false);
    }

    private PlacedCall converse(Socket socket) throws IOException, InterruptedException {
        LineReader in = new LineReader(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        out.write(environment(socket.getPort()).getBytes(StandardCharsets.UTF_8));
        out.flush();
        long environmentAt = System.nanoTime();
        long repliedAt = 0;
        long hangUpNoticeDue = 0;
        boolean prompted = false;
        try {
            while (true) {
                boolean noticeFirst = false;
                String line;
                if (hangUpNoticeDue != 0) {
                    long due = hangUpNoticeDue;
                    hangUpNoticeDue = 0;
                    try {
                        line = readBefore(socket, in, due);
                        noticeFirst = true;
                    } catch (SocketTimeoutException e) {
                        write(out, "HANGUP\n");
                        continue;
                    }
                } else {
                    line = in.readLine();
                }
                if (line == null) {
                    break;
                }
                long now = System.nanoTime();
                if (repliedAt == 0) {
                    stats.served(caller.number(), now);
                } else {
                    stats.turnaround(now - repliedAt);
                }
                AgiCommand command = AgiCommand.parse(line);
                if (!prompted && PROMPTS.contains(command.name())) {
                    prompted = true;
                    stats.firstPrompt(now - environmentAt);
                }
                boolean aliveBefore = !callerHungUp;
                String reply = answer(command);
                write(out, noticeFirst ? "HANGUP\n" + reply : reply);
                repliedAt = System.nanoTime();
                if (aliveBefore && callerHungUp) {
                    dead = true;
                    hangUpNoticeDue = repliedAt + HANGUP_NOTICE.toNanos();
                }
            }
            if (repliedAt != 0) {
                stats.handOff(System.nanoTime() - repliedAt);
            }
        } finally {
            if (repliedAt != 0) {
                stats.ended();
            }
        }
        closingHangUp(out);
        return finished(repliedAt != 0, prompted);
    }

    /**
     * The bare HANGUP comes on its own about 35 ms after the {@code result=-1}, or right before the
     * reply to a command sent sooner (agi-04, agi-07).
     *
     * @return the line that came before {@code deadline}, null for the server's close
     * @throws SocketTimeoutException when nothing came by then
     */
    private static String readBefore(Socket socket, LineReader in, long deadline) throws IOException {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        try {
            return in.readLine();
        } finally {
            socket.setSoTimeout(SERVER_SILENCE_LIMIT_MILLIS);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Asterisk's answer to the server closing its side (fact 44); the server may already be gone. */
    private static void closingHangUp(OutputStream out) {
        try {
            out.write("HANGUP\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // A server that closed both sides answers with a reset; the call is over either way.
        }
    }

    /**
     * The node's fallback queue (no flow, a failing flow, a database past the call's budget) is
     * the only queue it sets with priority 0: every queue node of the shipped flow has 1 or more.
     * A call handed to the dialplan before it heard any prompt did not run the flow either.
     */
    private PlacedCall finished(boolean served, boolean prompted) {
        if (!served) {
            stats.failed("closed before any command");
            return placed(false);
        }
        String action = variables.get(DialplanVariables.ACTION);
        if (!callerHungUp && (action == null || action.isEmpty())) {
            stats.failed("no route for the dialplan (OMNILINE_ACTION unset)");
            return placed(false);
        }
        boolean fallbackQueue = "queue".equals(action) && "0".equals(variables.get(DialplanVariables.QUEUE_PRIORITY));
        if (!callerHungUp && (fallbackQueue || !prompted)) {
            stats.fallback(caller);
            return placed(false);
        }
        stats.completed(caller, callerHungUp, "10".equals(variables.get(DialplanVariables.QUEUE_PRIORITY)));
        return placed(true);
    }

    private PlacedCall placed(boolean completed) {
        String interaction = variables.get(DialplanVariables.INTERACTION_ID);
        return new PlacedCall(
                caller,
                completed,
                variables.get(DialplanVariables.QUEUE),
                interaction == null || interaction.isEmpty() ? -1 : Long.parseLong(interaction));
    }

    private String answer(AgiCommand command) throws InterruptedException {
        if (dead && NEEDS_LIVE_CHANNEL.contains(command.name())) {
            return DEAD;
        }
        return switch (command.name()) {
            case "ANSWER", "EXEC" -> "200 result=0\n";
            case "STREAM FILE" -> {
                Thread.sleep(prompt);
                yield "200 result=0 endpos=" + prompt.toMillis() * SAMPLES_PER_MILLI + "\n";
            }
            case "SAY ALPHA", "SAY DIGITS", "SAY NUMBER" -> {
                Thread.sleep(prompt);
                yield "200 result=0\n";
            }
            case "WAIT FOR DIGIT" -> {
                Thread.sleep(Math.max(0, command.number(0, 0)));
                yield "200 result=0\n";
            }
            case "GET DATA" -> getData(command);
            case "SET VARIABLE" -> {
                variables.put(command.argument(0), command.argument(1));
                yield "200 result=1\n";
            }
            case "GET VARIABLE" -> found(variable(command.argument(0)));
            case "GET FULL VARIABLE" -> found(expand(command.argument(0)));
            case "VERBOSE", "DATABASE PUT" -> "200 result=1\n";
            case "DATABASE GET" -> "200 result=0\n";
            case "CHANNEL STATUS" -> "200 result=6\n";
            case "HANGUP" -> {
                dead = true;
                yield "200 result=1\nHANGUP\n";
            }
            default -> {
                stats.unknownCommand();
                yield "510 Invalid or unknown command\n";
            }
        };
    }

    private String getData(AgiCommand command) throws InterruptedException {
        Caller.Answer answer = caller.answer(keyPrompts++, command.number(2, 1), random);
        return switch (answer) {
            case Caller.Answer.Press press -> {
                Thread.sleep(press.after());
                yield "200 result=" + press.digits() + "\n";
            }
            case Caller.Answer.Silence silence -> {
                Thread.sleep(prompt.plusMillis(Math.max(0, command.number(1, 0))));
                yield "200 result= (timeout)\n";
            }
            case Caller.Answer.HangUp hangUp -> {
                Thread.sleep(hangUp.after());
                callerHungUp = true;
                yield "200 result=-1\n";
            }
        };
    }

    private String variable(String name) {
        return switch (name) {
            case "CHANNEL(linkedid)", "CHANNEL(uniqueid)" -> caller.uniqueId();
            case "CALLERID(num)" -> caller.callerId();
            case "CHANNEL", "CHANNEL(name)" -> channel();
            case "CHANNEL(language)" -> variables.getOrDefault(name, "en");
            default -> variables.get(name);
        };
    }

    /** {@code ${NAME}} expressions only: what the IVR could ask for. */
    private String expand(String expression) {
        return expression.startsWith("${") && expression.endsWith("}")
                ? variable(expression.substring(2, expression.length() - 1))
                : expression;
    }

    private static String found(String value) {
        return value == null ? "200 result=0\n" : "200 result=1 (" + value + ")\n";
    }

    private String channel() {
        return String.format(Locale.ROOT, "PJSIP/pstn-%08x", caller.number());
    }

    private String environment(int port) {
        return "agi_network: yes\n"
                + "agi_network_script: ivr\n"
                + "agi_request: agi://127.0.0.1:" + port + "/ivr\n"
                + "agi_channel: " + channel() + "\n"
                + "agi_language: en\n"
                + "agi_type: PJSIP\n"
                + "agi_uniqueid: " + caller.uniqueId() + "\n"
                + "agi_version: 22.10.1\n"
                + "agi_callerid: " + caller.callerId() + "\n"
                + "agi_calleridname: Caller " + caller.number() + "\n"
                + "agi_callingpres: 0\n"
                + "agi_callingani2: 0\n"
                + "agi_callington: 0\n"
                + "agi_callingtns: 0\n"
                + "agi_dnid: " + DIALLED + "\n"
                + "agi_rdnis: unknown\n"
                + "agi_context: from-pstn\n"
                + "agi_extension: " + DIALLED + "\n"
                + "agi_priority: 3\n"
                + "agi_enhanced: 0.0\n"
                + "agi_accountcode: \n"
                + "agi_threadid: " + (140_433_568_802_496L + caller.number()) + "\n"
                + "\n";
    }
}
