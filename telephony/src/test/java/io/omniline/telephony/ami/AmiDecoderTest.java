package io.omniline.telephony.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.telephony.capture.Transcript;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real AMI byte streams from Asterisk 22, fed whole, byte by byte and in random pieces. */
class AmiDecoderTest {

    private static final String[] CAPTURES = {
        "ami-01-login-bad-and-good.txt", "ami-02-actions-idle-system.txt",
        "ami-03-queue-member-pause-add-remove-events.txt", "ami-04-call-ivr-queue-answered-agent-hangs-up.txt",
        "ami-05-call-ivr-queue-answered-caller-hangs-up.txt", "ami-06-call-ivr-queue-ringnoanswer-then-abandon.txt",
        "ami-07-call-caller-hangs-up-in-ivr.txt", "ami-08-call-agi-errors-and-agi-hangup.txt",
        "ami-09-call-sip-ivr-queue-pjsip-agent.txt"
    };

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ami-01-login-bad-and-good.txt", "ami-02-actions-idle-system.txt",
                "ami-03-queue-member-pause-add-remove-events.txt", "ami-04-call-ivr-queue-answered-agent-hangs-up.txt",
                "ami-05-call-ivr-queue-answered-caller-hangs-up.txt",
                        "ami-06-call-ivr-queue-ringnoanswer-then-abandon.txt",
                "ami-07-call-caller-hangs-up-in-ivr.txt", "ami-08-call-agi-errors-and-agi-hangup.txt",
                "ami-09-call-sip-ivr-queue-pjsip-agent.txt"
            })
    void everyPacketOfARealSessionIsReadTheSameWhateverTheSegmentBoundaries(String capture) {
        byte[] fromAsterisk = stream(Transcript.load(capture), true);
        List<AmiPacket> whole = decode(fromAsterisk, fromAsterisk.length, true);

        assertThat(whole).hasSize(emptyLines(Transcript.load(capture), true));
        assertThat(whole).noneMatch(AmiPacket::isMalformed);
        assertThat(decode(fromAsterisk, 1, true)).isEqualTo(whole);
        assertThat(decode(fromAsterisk, 7, true)).isEqualTo(whole);
        assertThat(decodeRandomly(fromAsterisk, new Random(capture.hashCode()))).isEqualTo(whole);

        byte[] toAsterisk = stream(Transcript.load(capture), false);
        assertThat(decode(toAsterisk, 3, false))
                .hasSize(emptyLines(Transcript.load(capture), false))
                .allSatisfy(action -> assertThat(action.get("Action")).isPresent());
    }

    @Test
    void duplicateHeadersAreKeptInOrder() {
        List<AmiPacket> packets = decode(stream(Transcript.load("ami-02-actions-idle-system.txt"), true), 64, true);

        AmiPacket command = packets.stream()
                .filter(packet -> packet.getAll("Output").size() > 1)
                .findFirst()
                .orElseThrow();
        assertThat(command.get("Message")).contains("Command output follows");
        assertThat(command.getAll("Output"))
                .startsWith(
                        "support has 0 calls (max unlimited) in 'rrmemory' strategy"
                                + " (0s holdtime, 0s talktime), W:0, C:0, A:0, SL:0.0%, SL2:0.0% within 0s",
                        "   Members: ")
                .endsWith("   No Callers", "", "");
    }

    @Test
    void originateResponseIsAnEventDespiteItsResponseHeader() {
        List<AmiPacket> packets = new ArrayList<>();
        for (String capture : CAPTURES) {
            packets.addAll(decode(stream(Transcript.load(capture), true), 4096, true));
        }
        AmiPacket originate = packets.stream()
                .filter(packet ->
                        packet.get("Event").filter("OriginateResponse"::equals).isPresent())
                .findFirst()
                .orElseThrow();

        assertThat(originate.get("Response")).contains("Success");
        assertThat(originate.isEvent()).isTrue();
        assertThat(originate.isResponse()).isFalse();
    }

    @Test
    void badLinesAreProblemsOnThePacketAndTheStreamGoesOn() {
        String stream = "Asterisk Call Manager/11.0.0\r\n"
                + "Event: Odd\r\nno colon here\r\nX-Custom:tight\r\n\r\n"
                + "Event: Fine\r\nPrivilege: call,all\r\n\r\n"
                + "Event: Long\r\nData: " + "x".repeat(AmiDecoder.MAX_LINE + 10) + "\r\n\r\n";
        List<AmiPacket> packets = decode(stream.getBytes(StandardCharsets.UTF_8), 5, true);

        assertThat(packets).hasSize(3);
        assertThat(packets.get(0).problems()).containsExactly("not a header line: no colon here");
        assertThat(packets.get(0).get("X-Custom")).contains("tight");
        assertThat(packets.get(1).isMalformed()).isFalse();
        assertThat(packets.get(2).problems()).singleElement().asString().startsWith("line longer than");
    }

    @Test
    void aPacketCutByTheConnectionClosingIsDeliveredWithAProblem() {
        List<AmiPacket> packets = new ArrayList<>();
        AmiDecoder decoder = new AmiDecoder(true, banner -> {}, packets::add);
        byte[] bytes = "Asterisk Call Manager/11.0.0\r\nEvent: Hangup\r\nUniqueid: 1795455816.1\r\nCau"
                .getBytes(StandardCharsets.UTF_8);
        decoder.feed(bytes, 0, bytes.length);

        assertThat(packets).isEmpty();
        decoder.endOfStream();
        assertThat(packets).singleElement().satisfies(packet -> {
            assertThat(packet.get("Uniqueid")).contains("1795455816.1");
            assertThat(packet.problems())
                    .containsExactly("not a header line: Cau", "connection closed in the middle of a packet");
        });
    }

    @Test
    void theBannerIsNotAPacket() {
        List<String> banners = new ArrayList<>();
        byte[] bytes = stream(Transcript.load("ami-01-login-bad-and-good.txt"), true);
        new AmiDecoder(true, banners::add, packet -> {}).feed(bytes, 0, bytes.length);

        assertThat(banners).first().isEqualTo("Asterisk Call Manager/11.0.0");
    }

    private static List<AmiPacket> decode(byte[] bytes, int chunk, boolean fromAsterisk) {
        List<AmiPacket> packets = new ArrayList<>();
        AmiDecoder decoder = new AmiDecoder(fromAsterisk, banner -> {}, packets::add);
        for (int offset = 0; offset < bytes.length; offset += chunk) {
            decoder.feed(bytes, offset, Math.min(chunk, bytes.length - offset));
        }
        decoder.endOfStream();
        return packets;
    }

    private static List<AmiPacket> decodeRandomly(byte[] bytes, Random random) {
        List<AmiPacket> packets = new ArrayList<>();
        AmiDecoder decoder = new AmiDecoder(true, banner -> {}, packets::add);
        int offset = 0;
        while (offset < bytes.length) {
            int length = Math.min(1 + random.nextInt(300), bytes.length - offset);
            decoder.feed(bytes, offset, length);
            offset += length;
        }
        decoder.endOfStream();
        return packets;
    }

    /**
     * One direction of a capture as one stream. ami-01 has three connections (Asterisk closes
     * after a failed login); only the first carries the banner the decoder expects, so the
     * later banners are dropped here.
     */
    private static byte[] stream(Transcript transcript, boolean fromAsterisk) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean first = true;
        for (Transcript.Entry entry : transcript.entries()) {
            if (entry.fromAsterisk() != fromAsterisk) {
                continue;
            }
            if (fromAsterisk && entry.text().startsWith("Asterisk Call Manager/")) {
                if (!first) {
                    continue;
                }
                first = false;
            }
            bytes.writeBytes(entry.bytes());
        }
        return bytes.toByteArray();
    }

    private static int emptyLines(Transcript transcript, boolean fromAsterisk) {
        return (int) transcript.entries().stream()
                .filter(entry ->
                        entry.fromAsterisk() == fromAsterisk && entry.text().equals("\r\n"))
                .count();
    }
}
