package io.omniline.telephony.sim;

import io.omniline.telephony.capture.Transcript;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AMI event streams for calls of one's choosing, made from the real ones in the captures: the
 * captured call's uniqueids, channel names, queue and agent are replaced, every byte else is
 * what Asterisk 22 sent. Only events are kept (the capture's mid-call action responses are not).
 */
public final class ScriptedCalls {

    private static final String ANSWERED = "ami-04-call-ivr-queue-answered-agent-hangs-up.txt";
    private static final String ABANDONED = "ami-06-call-ivr-queue-ringnoanswer-then-abandon.txt";

    private ScriptedCalls() {}

    /** A caller queued in {@code queue}, answered by {@code agentInterface}, who then hangs up. */
    public static List<byte[]> answered(String uniqueId, String queue, String agentInterface, int callNumber) {
        return rewrite(
                ANSWERED,
                "1795455816.1",
                "1795455816.",
                "Local/100@from-pstn-00000000",
                "support",
                "Local/agent1@agents",
                uniqueId,
                queue,
                agentInterface,
                callNumber);
    }

    /** A caller queued in {@code queue} whose agent does not answer, and who hangs up after 20 s. */
    public static List<byte[]> abandoned(String uniqueId, String queue, String agentInterface, int callNumber) {
        return rewrite(
                ABANDONED,
                "1795455854.9",
                "1795455854.",
                "Local/103@from-pstn-00000004",
                "sales",
                "Local/slow1@agents",
                uniqueId,
                queue,
                agentInterface,
                callNumber);
    }

    /**
     * @param uniqueId the caller's Uniqueid ({@code prefix.seq}); the call's other channels get
     *     the same prefix
     */
    private static List<byte[]> rewrite(
            String capture,
            String capturedCaller,
            String capturedPrefix,
            String capturedChannel,
            String capturedQueue,
            String capturedAgent,
            String uniqueId,
            String queue,
            String agentInterface,
            int callNumber) {
        String prefix = uniqueId.substring(0, uniqueId.indexOf('.') + 1);
        String channel = "Local/100@from-pstn-" + String.format("%08x", callNumber);
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        boolean isEvent = false;
        for (Transcript.Entry entry : Transcript.load(capture).entries()) {
            if (!entry.fromAsterisk() || entry.text().startsWith("Asterisk Call Manager/")) {
                continue;
            }
            String line = entry.text();
            if (packet.size() == 0) {
                isEvent = line.startsWith("Event: ")
                        && !line.startsWith("Event: FullyBooted")
                        && !line.startsWith("Event: SuccessfulAuth");
            }
            line = line.replaceAll(
                            "(?<![0-9.])" + Pattern.quote(capturedCaller) + "(?![0-9])",
                            Matcher.quoteReplacement(uniqueId))
                    .replace(capturedPrefix, prefix)
                    .replace(capturedChannel, channel)
                    .replace(capturedAgent, agentInterface);
            if (line.startsWith("Queue: " + capturedQueue + "\r")) {
                line = "Queue: " + queue + "\r\n";
            }
            packet.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            if (entry.text().equals("\r\n")) {
                if (isEvent && !packet.toString(StandardCharsets.UTF_8).contains("ActionID: ")) {
                    packets.add(packet.toByteArray());
                }
                packet.reset();
            }
        }
        return packets;
    }
}
