package io.omniline.bridge.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jsmpp.PDUException;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.util.DefaultComposer;
import org.jsmpp.util.DefaultDecomposer;

/**
 * What the SMSC may deliver, made up: any data_coding with any payload and any user data header
 * (GSM 03.38, IA5, Latin-1, UCS-2, unknown codings, headers longer than the message, bogus
 * concatenation), and whole deliver_sm PDUs built by jsmpp then cut, stretched and overwritten
 * byte by byte. Reading one never throws and always gives the agent text; a part number is only
 * ever a sane one. Texts Omniline sends survive the trip through its own splitter and decoder.
 */
class SmsFuzzTest {

    private static final Duration PER_CASE = Duration.ofSeconds(5);
    private final ShortMessageDecoder decoder = new ShortMessageDecoder();

    @Property
    void anyCodingPayloadAndHeaderDecodesToText(@ForAll byte dataCoding, @ForAll @Size(max = 300) byte[] payload,
                                                @ForAll boolean udhi, @ForAll("sar") Optional<ShortMessage.Part> sar) {
        assertTimeoutPreemptively(PER_CASE, () -> readable(decoder.decode(dataCoding, payload, udhi, sar), payload.length));
    }

    @Property
    void mangledDeliverSmPdusReadAsTextOrAreRefusedByJsmpp(@ForAll("deliverSmPdus") byte[] pdu) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            DeliverSm deliverSm;
            try {
                deliverSm = DefaultDecomposer.getInstance().deliverSm(pdu);
            } catch (PDUException | RuntimeException refusedByJsmpp) {
                // jsmpp answers such a PDU with generic_nack before Omniline sees it.
                return;
            }
            if (deliverSm.isSmscDeliveryReceipt()) {
                SmppLink.receiptOf(deliverSm);
            } else {
                byte[] payload = deliverSm.getShortMessage() == null ? new byte[0] : deliverSm.getShortMessage();
                readable(SmppLink.textOf(decoder, deliverSm), Math.max(payload.length, pdu.length));
            }
        });
    }

    /** A receipt whose text is elsewhere (message_payload) makes jsmpp's parser throw a NullPointerException. */
    @Example
    void aReceiptJsmppCannotParseIsIgnoredNotAnsweredWithAnErrorTheSmscWouldRetryForever() {
        DeliverSm receipt = new DeliverSm();
        receipt.setEsmClass((byte) 0x04);
        receipt.setShortMessage(null);

        assertThat(SmppLink.receiptOf(receipt)).isEmpty();
    }

    @Property
    void textsOmnilineSendsComeBackTheSameThroughItsSplitterAndDecoder(@ForAll("texts") String text,
                                                                      @ForAll @IntRange(min = 0, max = 255) int reference) {
        assertTimeoutPreemptively(PER_CASE, () -> {
            List<SmsSplitter.Segment> segments = new SmsSplitter().split(text, reference);
            StringBuilder joined = new StringBuilder();
            for (SmsSplitter.Segment segment : segments) {
                assertThat(segment.payload().length).isLessThanOrEqualTo(160);
                ShortMessage part = decoder.decode(segment.dataCoding(), segment.payload(), segment.udhi(), Optional.empty());
                assertThat(part.problem()).isNull();
                assertThat(part.part().isPresent()).isEqualTo(segments.size() > 1);
                joined.append(part.text());
            }
            assertThat(joined.toString()).isEqualTo(text);
        });
    }

    private static void readable(ShortMessage sms, int inputBytes) {
        assertThat(sms.text()).isNotNull();
        assertThat(sms.text().length()).as("no bigger than its hex note").isLessThanOrEqualTo(200 + 2 * inputBytes);
        sms.part().ifPresent(part -> assertThat(part.seq()).isBetween(1, part.total()));
        if (sms.problem() != null) {
            assertThat(sms.text()).startsWith("[SMS that could not be read: ");
        }
    }

    @Provide
    Arbitrary<Optional<ShortMessage.Part>> sar() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 300);
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), any, any)
                .as(ShortMessageDecoder::part);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<Integer> gsm = Arbitraries.of("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà^{}\\[~]|€\n\r"
                .codePoints().boxed().toList());
        Arbitrary<Integer> any = Arbitraries.integers().between(1, Character.MAX_CODE_POINT)
                .filter(cp -> !Character.isSurrogate((char) cp.intValue()) || cp > 0xFFFF);
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(Tuple.of(8, gsm), Tuple.of(1, any),
                Tuple.of(1, Arbitraries.of(0x1F600, 0x1F44D, 0x4E2D, 0x0416)));
        return codePoint.list().ofMaxSize(1200).map(points -> {
            StringBuilder text = new StringBuilder();
            points.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    @Provide
    Arbitrary<byte[]> deliverSmPdus() {
        Arbitrary<byte[]> valid = Combinators.combine(
                Arbitraries.of((byte) 0x00, (byte) 0x04, (byte) 0x40, (byte) 0x44, (byte) 0xFF),
                Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x03, (byte) 0x08, (byte) 0xF0, (byte) 0x04, (byte) 0xFF),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(254),
                Arbitraries.strings().withCharRange('0', '9').ofMaxLength(20),
                Arbitraries.of(
                        "id:1234 sub:001 dlvrd:001 submit date:2611301200 done date:2611301201 stat:DELIVRD err:000 text:hi",
                        "id: sub: dlvrd: submit date:99999999999 done date:x stat:WHAT err:",
                        "id:1 submit date:26113 stat:DELIVRD", "stat:", "", "id:" + "9".repeat(70)),
                Arbitraries.<Optional<OptionalParameter>>of(Optional.empty(),
                        Optional.of(new OptionalParameter.OctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), "abc\0")),
                        Optional.of(new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(),
                                new byte[] {0x05, 0x00, 0x03, 0x01, 0x02, 0x01, 0x41})),
                        Optional.of(new OptionalParameter.Short(OptionalParameter.Tag.SAR_MSG_REF_NUM.code(), (short) 7))))
                .as((esm, coding, message, source, receipt, tlv) -> compose(esm, coding,
                        (esm & 0x04) != 0 ? receipt.getBytes(StandardCharsets.ISO_8859_1) : message, source, tlv));
        return Combinators.combine(valid, Arbitraries.integers().between(0, 6), Arbitraries.integers(), Arbitraries.bytes())
                .as((pdu, how, where, value) -> mangle(pdu, how, Math.floorMod(where, Math.max(1, pdu.length)), value));
    }

    private static byte[] compose(byte esm, byte coding, byte[] message, String source, Optional<OptionalParameter> tlv) {
        try {
            return new DefaultComposer().deliverSm(1, "", (byte) 1, (byte) 1, source, (byte) 0, (byte) 0, "100", esm,
                    (byte) 0, (byte) 0, (byte) 0, coding, message, tlv.stream().toArray(OptionalParameter[]::new));
        } catch (PDUException e) {
            throw new IllegalStateException("a made-up deliver_sm jsmpp would not write", e);
        }
    }

    /** Leaves it, overwrites one byte, cuts it there, or pads it, fixing command_length or not. */
    private static byte[] mangle(byte[] pdu, int how, int at, byte value) {
        byte[] out = switch (how) {
            case 1, 2 -> {
                byte[] copy = pdu.clone();
                copy[at] = value;
                yield copy;
            }
            case 3 -> java.util.Arrays.copyOf(pdu, Math.max(at, 16));
            case 4 -> java.util.Arrays.copyOf(pdu, pdu.length + 1 + Math.floorMod(value, 64));
            case 5 -> {
                byte[] copy = pdu.clone();
                for (int i = 16; i < copy.length; i += 1 + Math.floorMod(value, 7)) {
                    copy[i] = (byte) (copy[i] ^ value);
                }
                yield copy;
            }
            default -> pdu;
        };
        if (how != 2 && out.length >= 4) {
            java.nio.ByteBuffer.wrap(out).putInt(0, out.length);
        }
        return out;
    }
}
