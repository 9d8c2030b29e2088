package io.omniline.telephony.capture;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The packets one side of an AMI capture sent, each exactly as its bytes were on the wire, in
 * order; the banner left out. Each direction is read as its own stream (in ami-13b an action
 * sits between the lines of an event).
 */
public final class CapturedPacketBytes {

    private CapturedPacketBytes() {}

    public static List<byte[]> fromAsterisk(String capture) {
        return packets(capture, true);
    }

    public static List<byte[]> toAsterisk(String capture) {
        return packets(capture, false);
    }

    private static List<byte[]> packets(String capture, boolean fromAsterisk) {
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        for (Transcript.Entry entry : Transcript.load(capture).entries()) {
            if (entry.fromAsterisk() != fromAsterisk || entry.text().startsWith("Asterisk Call Manager/")) {
                continue;
            }
            packet.writeBytes(entry.bytes());
            if (entry.text().equals("\r\n")) {
                packets.add(packet.toByteArray());
                packet.reset();
            }
        }
        return packets;
    }
}
