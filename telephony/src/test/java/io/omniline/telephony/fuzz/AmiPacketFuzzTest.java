package io.omniline.telephony.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.omniline.telephony.ami.AmiDecoder;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEvents;
import io.omniline.telephony.capture.CapturedPackets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

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
    private static final List<AmiPacket> CAPTURED = CapturedPackets.fromAsterisk("ami-04-call-ivr-queue-answered-agent-hangs-up.txt");

    @Property
    void anyBytesInAnySegmentsDecodeWithinLimits(@ForAll @Size(max = 40_000) byte[] stream,
                                                 @ForAll @IntRange(min = 1, max = 5000) int segment) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            List<AmiPacket> whole = decode(stream, stream.length);
            List<AmiPacket> split = decode(stream, segment);
            assertThat(split).isEqualTo(whole);
            whole.forEach(AmiPacketFuzzTest::withinLimits);
        });
    }

    @Property
    void mangledEventsDecodeToTypedEventsOrOtherNeverAnError(@ForAll("mangledPackets") byte[] stream,
                                                            @ForAll @IntRange(min = 1, max = 700) int segment) {
        assertTimeoutPreemptively(PER_CASE, () -> {
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

    @Provide
    Arbitrary<byte[]> mangledPackets() {
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.strings().ofMaxLength(40)),
                Tuple.of(10, Arbitraries.strings().withChars("0123456789-.:\r\u0000 ").ofMaxLength(12)),
                Tuple.of(1, Arbitraries.integers().between(AmiDecoder.MAX_LINE - 20, AmiDecoder.MAX_LINE + 20)
                        .map("x"::repeat)),
                Tuple.of(10, Arbitraries.of("", "<unknown>", "-1", "99999999999999999999", "NaN", "Success", "True")));
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.of(CAPTURED).flatMap(packet -> Arbitraries.of(packet.headers()))
                        .flatMap(header -> Arbitraries.oneOf(
                                Arbitraries.just(header.getKey() + ": " + header.getValue()),
                                value.map(v -> header.getKey() + ": " + v),
                                value.map(v -> header.getKey() + ":" + v))),
                value,
                Arbitraries.of("Event: Hangup", "Event: AgentConnect", "Event: QueueMember", "Event: VarSet",
                        "Response: Success", "Response: Error", ":", ": no name", "Event:"));
        Arbitrary<String> packet = line.list().ofMaxSize(60).map(lines -> String.join("\r\n", lines) + "\r\n\r\n");
        Arbitrary<String> lineEnd = Arbitraries.of("\r\n", "\n", "\r", "");
        return Combinators.combine(packet.list().ofMaxSize(8), lineEnd)
                .as((packets, end) -> String.join(end, packets).getBytes(StandardCharsets.UTF_8));
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
