package io.omniline.bridge.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jsmpp.PDUException;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.util.DefaultComposer;
import org.jsmpp.util.DefaultDecomposer;
import org.junit.jupiter.api.Test;

/**
 * What the SMSC may deliver, made up: any data_coding with any payload and any user data header
 * (GSM 03.38, IA5, Latin-1, UCS-2, unknown codings, headers longer than the message, bogus
 * concatenation), and whole deliver_sm PDUs built by jsmpp then cut, stretched and overwritten
 * byte by byte. Reading one never throws and always gives the agent text; a part number is only
 * ever a sane one. Texts Omniline sends survive the trip through its own splitter and decoder.
 */
class SmsFuzzTest {

    private static final Duration PER_CASE = Duration.ofSeconds(5);
    private static final List<Integer> GSM =
            "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCXYZÄÖÑÜ§¿abcxyzäöñüà^{}\\[~]|€\n\r"
                    .codePoints()
                    .boxed()
                    .toList();
    private final ShortMessageDecoder decoder = new ShortMessageDecoder();

    @Test
    void anyCodingPayloadAndHeaderDecodesToText() {
        Fuzz.cases(PER_CASE, random -> {
            byte dataCoding = (byte) random.nextInt();
            byte[] payload = Fuzz.bytes(random, 300);
            boolean udhi = random.nextBoolean();
            Optional<ShortMessage.Part> sar = sar(random);
            readable(decoder.decode(dataCoding, payload, udhi, sar), payload.length);
        });
    }

    @Test
    void mangledDeliverSmPdusReadAsTextOrAreRefusedByJsmpp() {
        Fuzz.cases(PER_CASE, random -> {
            byte[] pdu = deliverSmPdu(random);
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
    @Test
    void aReceiptJsmppCannotParseIsIgnoredNotAnsweredWithAnErrorTheSmscWouldRetryForever() {
        DeliverSm receipt = new DeliverSm();
        receipt.setEsmClass((byte) 0x04);
        receipt.setShortMessage(null);

        assertThat(SmppLink.receiptOf(receipt)).isEmpty();
    }

    @Test
    void textsOmnilineSendsComeBackTheSameThroughItsSplitterAndDecoder() {
        Fuzz.cases(PER_CASE, random -> {
            String text = text(random);
            int reference = Fuzz.between(random, 0, 255);
            List<SmsSplitter.Segment> segments = new SmsSplitter().split(text, reference);
            StringBuilder joined = new StringBuilder();
            for (SmsSplitter.Segment segment : segments) {
                assertThat(segment.payload().length).isLessThanOrEqualTo(160);
                ShortMessage part =
                        decoder.decode(segment.dataCoding(), segment.payload(), segment.udhi(), Optional.empty());
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

    private static Optional<ShortMessage.Part> sar(Random random) {
        return ShortMessageDecoder.part(
                Fuzz.between(random, 0, 0xFFFF), Fuzz.between(random, 0, 300), Fuzz.between(random, 0, 300));
    }

    private static String text(Random random) {
        int length = Fuzz.size(random, 1200);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(
                    switch (Fuzz.weighted(random, 8, 1, 1)) {
                        case 0 -> Fuzz.pick(random, GSM);
                        case 1 -> anyCodePoint(random);
                        default -> Fuzz.pick(random, 0x1F600, 0x1F44D, 0x4E2D, 0x0416);
                    });
        }
        return text.toString();
    }

    /** Any code point but a lone UTF-16 half, which no text Omniline sends holds. */
    private static int anyCodePoint(Random random) {
        while (true) {
            int cp = Fuzz.between(random, 1, Character.MAX_CODE_POINT);
            if (!Character.isSurrogate((char) cp) || cp > 0xFFFF) {
                return cp;
            }
        }
    }

    private static byte[] deliverSmPdu(Random random) {
        byte esm = Fuzz.pick(random, (byte) 0x00, (byte) 0x04, (byte) 0x40, (byte) 0x44, (byte) 0xFF);
        byte coding = Fuzz.pick(
                random, (byte) 0x00, (byte) 0x01, (byte) 0x03, (byte) 0x08, (byte) 0xF0, (byte) 0x04, (byte) 0xFF);
        byte[] message = Fuzz.bytes(random, 254);
        String source = Fuzz.string(random, '0', '9', 20);
        String receipt = Fuzz.pick(
                random,
                "id:1234 sub:001 dlvrd:001 submit date:2611301200 done date:2611301201 stat:DELIVRD err:000 text:hi",
                "id: sub: dlvrd: submit date:99999999999 done date:x stat:WHAT err:",
                "id:1 submit date:26113 stat:DELIVRD",
                "stat:",
                "",
                "id:" + "9".repeat(70));
        Optional<OptionalParameter> tlv = switch (random.nextInt(4)) {
            case 0 -> Optional.empty();
            case 1 ->
                Optional.of(
                        new OptionalParameter.OctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), "abc\0"));
            case 2 ->
                Optional.of(new OptionalParameter.OctetString(
                        OptionalParameter.Tag.MESSAGE_PAYLOAD.code(),
                        new byte[] {0x05, 0x00, 0x03, 0x01, 0x02, 0x01, 0x41}));
            default ->
                Optional.of(new OptionalParameter.Short(OptionalParameter.Tag.SAR_MSG_REF_NUM.code(), (short) 7));
        };
        byte[] pdu = compose(
                esm, coding, (esm & 0x04) != 0 ? receipt.getBytes(StandardCharsets.ISO_8859_1) : message, source, tlv);
        return mangle(pdu, Fuzz.between(random, 0, 6), Math.floorMod(random.nextInt(), Math.max(1, pdu.length)), (byte)
                random.nextInt());
    }

    private static byte[] compose(
            byte esm, byte coding, byte[] message, String source, Optional<OptionalParameter> tlv) {
        try {
            return new DefaultComposer()
                    .deliverSm(
                            1,
                            "",
                            (byte) 1,
                            (byte) 1,
                            source,
                            (byte) 0,
                            (byte) 0,
                            "100",
                            esm,
                            (byte) 0,
                            (byte) 0,
                            (byte) 0,
                            coding,
                            message,
                            tlv.stream().toArray(OptionalParameter[]::new));
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
