package io.omniline.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finding one's way in a scripted (captured) AMI call, to play it up to a chosen event. */
public final class AmiScripts {

    private static final Pattern CHANNEL = Pattern.compile("\\r\\nChannel: ([^\\r]+)\\r\\n");

    private AmiScripts() {
    }

    /** Waits up to ten seconds for the node to be logged in to Asterisk's AMI. */
    public static void awaitAmi(Omniline omniline) throws InterruptedException {
        for (int i = 0; i < 100 && !omniline.scrape().contains("omniline_ami_connected 1.0"); i++) {
            Thread.sleep(100);
        }
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
        Matcher channel = CHANNEL.matcher(new String(packets.get(indexOf(packets, "Event: QueueCallerJoin")),
                StandardCharsets.US_ASCII));
        if (!channel.find()) {
            throw new AssertionError("QueueCallerJoin without a Channel");
        }
        return channel.group(1);
    }
}
