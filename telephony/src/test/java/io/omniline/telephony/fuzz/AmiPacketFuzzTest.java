package io.omniline.telephony.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.telephony.ami.AmiDecoder;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEvents;
import io.omniline.telephony.capture.CapturedPackets;
import io.omniline.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What Asterisk's AMI port may send, made up: any bytes, and packets built from the captured
 * ones with headers dropped, repeated, emptied, stuffed with CR, NUL, colons and long values.
 * The decoder and the event codec must never throw, never hang, keep every packet within its
 * limits, and decode the same packets whatever the TCP segment boundaries. Tries:
 * {@code -Dfuzz.tries} (see the README's test section).
 */
class AmiPacketFuzzTest {

    private static final Duration PER_CASE = Duration.ofSeconds(5);
    /** Headers of the captured event packets, the raw material for plausible but wrong packets. */
    private static final List<AmiPacket> CAPTURED =
            CapturedPackets.fromAsterisk("ami-04-call-ivr-queue-answered-agent-hangs-up.txt");

    @Test
    void anyBytesInAnySegmentsDecodeWithinLimits() {
        Fuzz.cases(PER_CASE, random -> {
            byte[] stream = Fuzz.bytes(random, 40_000);
            int segment = Fuzz.between(random, 1, 5000);
            List<AmiPacket> whole = decode(stream, stream.length);
            List<AmiPacket> split = decode(stream, segment);
            assertThat(split).isEqualTo(whole);
            whole.forEach(AmiPacketFuzzTest::withinLimits);
        });
    }

    @Test
    void mangledEventsDecodeToTypedEventsOrOtherNeverAnError() {
        Fuzz.cases(PER_CASE, random -> {
            byte[] stream = mangledPackets(random);
            int segment = Fuzz.between(random, 1, 700);
            List<AmiPacket> packets = decode(stream, segment);
            assertThat(packets).isEqualTo(decode(stream, stream.length));
            for (AmiPacket packet : packets) {
                withinLimits(packet);
                if (packet.isEvent()) {
                    AmiEvent event = AmiEvents.decode(packet);
                    assertThat(event).isNotNull();
                }
            }
        });
    }

    private static byte[] mangledPackets(Random random) {
        List<String> packets =
                Fuzz.list(random, 8, r -> String.join("\r\n", Fuzz.list(r, 60, AmiPacketFuzzTest::line)) + "\r\n\r\n");
        return String.join(Fuzz.pick(random, "\r\n", "\n", "\r", ""), packets).getBytes(StandardCharsets.UTF_8);
    }

    private static String line(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> {
                Map.Entry<String, String> header =
                        Fuzz.pick(random, Fuzz.pick(random, CAPTURED).headers());
                yield switch (random.nextInt(3)) {
                    case 0 -> header.getKey() + ": " + header.getValue();
                    case 1 -> header.getKey() + ": " + value(random);
                    default -> header.getKey() + ":" + value(random);
                };
            }
            case 1 -> value(random);
            default ->
                Fuzz.pick(
                        random,
                        "Event: Hangup",
                        "Event: AgentConnect",
                        "Event: QueueMember",
                        "Event: VarSet",
                        "Response: Success",
                        "Response: Error",
                        ":",
                        ": no name",
                        "Event:");
        };
    }

    private static String value(Random random) {
        return switch (Fuzz.weighted(random, 10, 10, 1, 10)) {
            case 0 -> Fuzz.string(random, 40);
            case 1 -> Fuzz.string(random, "0123456789-.:\r\u0000 ", 12);
            case 2 -> "x".repeat(Fuzz.between(random, AmiDecoder.MAX_LINE - 20, AmiDecoder.MAX_LINE + 20));
            default -> Fuzz.pick(random, "", "<unknown>", "-1", "99999999999999999999", "NaN", "Success", "True");
        };
    }

    private static List<AmiPacket> decode(byte[] stream, int segment) {
        List<AmiPacket> packets = new ArrayList<>();
        List<String> banners = new ArrayList<>();
        AmiDecoder decoder = new AmiDecoder(true, banners::add, packets::add);
        for (int at = 0; at < stream.length; at += segment) {
            decoder.feed(stream, at, Math.min(segment, stream.length - at));
        }
        decoder.endOfStream();
        assertThat(banners).hasSizeLessThanOrEqualTo(1);
        return packets;
    }

    private static void withinLimits(AmiPacket packet) {
        assertThat(packet.headers()).hasSizeLessThanOrEqualTo(AmiDecoder.MAX_HEADERS);
        assertThat(packet.problems()).hasSizeLessThanOrEqualTo(AmiDecoder.MAX_PROBLEMS);
        for (Map.Entry<String, String> header : packet.headers()) {
            assertThat(header.getKey()).isNotEmpty().doesNotContain(":");
            assertThat(header.getKey().length() + header.getValue().length()).isLessThan(AmiDecoder.MAX_LINE);
        }
        for (String problem : packet.problems()) {
            assertThat(problem).isNotBlank().hasSizeLessThan(200);
        }
    }
}
