package io.omniline.server;

import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.sim.AmiSimulator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finding one's way in a scripted (captured) AMI call, to play it up to a chosen event. */
public final class AmiScripts {

    private static final Pattern CHANNEL = Pattern.compile("\\r\\nChannel: ([^\\r]+)\\r\\n");

    private AmiScripts() {}

    /**
     * Waits up to ten seconds for the node to be logged in to Asterisk's AMI and to have read its
     * queues and channels: the first reconciliation has then taken its list of open calls, so a call
     * made afterwards is not in it.
     */
    public static void awaitAmi(Omniline omniline) throws InterruptedException {
        for (int i = 0; i < 100 && !followsAsterisk(omniline.scrape()); i++) {
            Thread.sleep(100);
        }
    }

    private static boolean followsAsterisk(String metrics) {
        return metrics.contains("omniline_ami_connected 1.0") && metrics.contains("omniline_live_model_complete 1.0");
    }

    public static int indexOf(List<byte[]> packets, String marker) {
        for (int i = 0; i < packets.size(); i++) {
            if (new String(packets.get(i), StandardCharsets.US_ASCII).contains(marker)) {
                return i;
            }
        }
        throw new AssertionError(marker + " is not in the scripted call");
    }

    /** The caller's channel as Asterisk named it when the call joined the queue. */
    public static String callerChannel(List<byte[]> packets) {
        Matcher channel = CHANNEL.matcher(
                new String(packets.get(indexOf(packets, "Event: QueueCallerJoin")), StandardCharsets.US_ASCII));
        if (!channel.find()) {
            throw new AssertionError("QueueCallerJoin without a Channel");
        }
        return channel.group(1);
    }

    /**
     * A queue member event for one support agent in the shape of capture ami-03 (QueueMemberAdded,
     * QueueMemberPause), as Asterisk sends when the member changes without an action of Omniline
     * (the console, queues.conf); after Omniline's own QueueAdd or QueuePause the simulator sends it.
     */
    public static byte[] supportMember(
            String event, String name, String agentInterface, boolean paused, String reason) {
        return ("Event: " + event + "\r\nPrivilege: agent,all\r\nQueue: support\r\nMemberName: " + name + "\r\n"
                        + "Interface: " + agentInterface + "\r\nStateInterface: " + agentInterface
                        + "\r\nMembership: dynamic\r\n"
                        + "Penalty: 0\r\nCallsTaken: 0\r\nLastCall: 0\r\nLastPause: 0\r\nLoginTime: 1795455778\r\nInCall: 0\r\n"
                        + "Status: 1\r\nPaused: " + (paused ? "1" : "0") + "\r\nPausedReason: " + reason
                        + "\r\nRinginuse: 0\r\n"
                        + "Wrapuptime: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The actions of one name the simulator received, in order. */
    public static List<AmiPacket> sent(AmiSimulator asterisk, String action) {
        return asterisk.actions().stream()
                .filter(packet -> packet.get("Action").orElse("").equals(action))
                .toList();
    }
}
