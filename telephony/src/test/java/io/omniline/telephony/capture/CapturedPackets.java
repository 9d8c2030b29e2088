package io.omniline.telephony.capture;

import io.omniline.telephony.ami.AmiDecoder;
import io.omniline.telephony.ami.AmiPacket;
import java.util.ArrayList;
import java.util.List;

/** What Asterisk sent in an AMI capture, decoded into packets in order. */
public final class CapturedPackets {

    private CapturedPackets() {}

    public static List<AmiPacket> fromAsterisk(String capture) {
        List<AmiPacket> packets = new ArrayList<>();
        AmiDecoder decoder = new AmiDecoder(false, banner -> {}, packets::add);
        for (Transcript.Entry entry : Transcript.load(capture).entries()) {
            if (entry.fromAsterisk() && !entry.text().startsWith("Asterisk Call Manager/")) {
                decoder.feed(entry.bytes(), 0, entry.bytes().length);
            }
        }
        decoder.endOfStream();
        return packets;
    }
}
