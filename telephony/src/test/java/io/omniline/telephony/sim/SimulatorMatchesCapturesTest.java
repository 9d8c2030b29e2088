package io.omniline.telephony.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.telephony.capture.Transcript;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator must answer like the real Asterisk: given each recorded call's facts (the
 * caller's keys, the sound files' lengths, AstDB's contents), its environment block and every
 * reply must equal the recorded bytes. agi-05 is left to the server replay test: it probes
 * interrupted playback and WAIT FOR DIGIT, which the IVR never sends.
 */
class SimulatorMatchesCapturesTest {

    private static final Pattern GET_DATA_REPLY = Pattern.compile("200 result=(.*)\\n");
    private static final Pattern ENDPOS = Pattern.compile("200 result=0 endpos=(\\d+)\\n");
    private static final Pattern FOUND = Pattern.compile("200 result=1 \\((.*)\\)\\n");

    @ParameterizedTest
    @ValueSource(strings = {
            "agi-01-main-routes-to-support.txt",
            "agi-02-main-routes-to-support-2nd-call.txt",
            "agi-03-main-with-invalid-commands-routes-to-sales.txt",
            "agi-04-caller-hangs-up-during-get-data.txt",
            "agi-06-sip-call-dtmf-via-sip-info.txt"})
    void answersByteForByteLikeTheRecordedAsterisk(String capture) {
        Transcript transcript = Transcript.load(capture);
        List<Exchange> exchanges = exchanges(transcript);
        AsteriskAgiCall simulator = new AsteriskAgiCall(environment(transcript), callerKeys(exchanges),
                soundLengths(exchanges), astDb(exchanges));

        assertThat(exchanges).hasSizeGreaterThan(5);
        assertThat(environment(transcript).block()).isEqualTo(environmentBytes(transcript));
        for (Exchange exchange : exchanges) {
            assertThat(simulator.reply(exchange.command())).as(capture + ": reply to " + exchange.command())
                    .isEqualTo(exchange.reply());
        }
    }

    /** A command and everything Asterisk sent before the next command. */
    private record Exchange(String command, String reply) {
    }

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

    private static String environmentBytes(Transcript transcript) {
        StringBuilder block = new StringBuilder();
        for (Transcript.Entry entry : transcript.entries()) {
            block.append(entry.text());
            if (entry.text().equals("\n")) {
                break;
            }
        }
        return block.toString();
    }

    private static AgiEnvironment environment(Transcript transcript) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : environmentBytes(transcript).split("\n")) {
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
        return new AgiEnvironment(env.get("agi_network_script"), hostPort.group(1), Integer.parseInt(hostPort.group(2)),
                env.get("agi_channel"), env.get("agi_language"), env.get("agi_type"), env.get("agi_uniqueid"),
                env.get("agi_uniqueid"), env.get("agi_callerid"), env.get("agi_calleridname"), env.get("agi_dnid"),
                env.get("agi_context"), env.get("agi_extension"), Integer.parseInt(env.get("agi_priority")),
                env.get("agi_threadid"), arguments.toArray(String[]::new));
    }

    private static List<CallerAction> callerKeys(List<Exchange> exchanges) {
        List<CallerAction> keys = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            Matcher reply = GET_DATA_REPLY.matcher(exchange.reply());
            if (exchange.command().startsWith("GET DATA") && reply.matches()) {
                String result = reply.group(1);
                keys.add(result.equals("-1") ? CallerAction.hangUp()
                        : result.equals(" (timeout)") ? CallerAction.silence() : CallerAction.press(result));
            }
        }
        return keys;
    }

    private static Map<String, Integer> soundLengths(List<Exchange> exchanges) {
        Map<String, Integer> lengths = new HashMap<>();
        for (Exchange exchange : exchanges) {
            Matcher reply = ENDPOS.matcher(exchange.reply());
            if (exchange.command().startsWith("STREAM FILE") && reply.matches()) {
                lengths.put(exchange.command().split(" ")[2], Integer.parseInt(reply.group(1)));
            }
        }
        return lengths;
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
            Matcher found = FOUND.matcher(exchange.reply().replace("HANGUP\n", ""));
            if (exchange.command().startsWith("DATABASE GET") && found.matches() && !written.containsKey(words[2] + "/" + words[3])) {
                before.put(words[2] + "/" + words[3], found.group(1));
            }
        }
        return before;
    }
}
