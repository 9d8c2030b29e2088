package io.omniline.bridge.channels.sms;

import com.cloudhopper.commons.charset.CharsetUtil;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an SMPP short message into text: user data header (concatenation, 8- and 16-bit
 * references) stripped, then the data_coding applied (GSM 03.38 default alphabet, IA5, Latin-1,
 * UCS-2, and the 0xF0 message-class group). A coding it does not know is not guessed at: the
 * message is kept as a note with its bytes in hex, so an agent sees that something came and
 * nothing is lost.
 */
public final class ShortMessageDecoder {

    private static final int IE_CONCAT_8BIT = 0x00;
    private static final int IE_CONCAT_16BIT = 0x08;

    /**
     * @param udhi the esm_class says the payload starts with a user data header
     * @param sar concatenation from the sar_* TLVs, if the SMSC used those instead of a header
     */
    public ShortMessage decode(byte dataCoding, byte[] payload, boolean udhi, Optional<ShortMessage.Part> sar) {
        Optional<ShortMessage.Part> part = sar;
        byte[] body = payload;
        if (udhi && payload.length > 0) {
            int headerLength = (payload[0] & 0xFF) + 1;
            if (headerLength > payload.length) {
                return undecodable(dataCoding, payload, "the user data header is longer than the message");
            }
            part = concatenation(payload, headerLength).or(() -> sar);
            body = java.util.Arrays.copyOfRange(payload, headerLength, payload.length);
        }
        int coding = dataCoding & 0xFF;
        String text = switch (coding) {
            case 0x00 -> CharsetUtil.decode(body, CharsetUtil.CHARSET_GSM);
            case 0x01 -> new String(body, StandardCharsets.US_ASCII);
            case 0x03 -> new String(body, StandardCharsets.ISO_8859_1);
            case 0x08 -> body.length % 2 == 0 ? new String(body, StandardCharsets.UTF_16BE) : null;
            default ->
                (coding & 0xF0) == 0xF0 && (coding & 0x04) == 0
                        ? CharsetUtil.decode(body, CharsetUtil.CHARSET_GSM)
                        : null;
        };
        if (text == null) {
            return undecodable(
                    dataCoding,
                    body,
                    String.format(Locale.ROOT, "data_coding 0x%02X is not a text coding Omniline reads", coding));
        }
        return new ShortMessage(text, part, null);
    }

    private static Optional<ShortMessage.Part> concatenation(byte[] payload, int headerLength) {
        int at = 1;
        while (at + 1 < headerLength) {
            int id = payload[at] & 0xFF;
            int length = payload[at + 1] & 0xFF;
            int data = at + 2;
            if (data + length > headerLength) {
                break;
            }
            if (id == IE_CONCAT_8BIT && length == 3) {
                return part(payload[data] & 0xFF, payload[data + 1] & 0xFF, payload[data + 2] & 0xFF);
            }
            if (id == IE_CONCAT_16BIT && length == 4) {
                return part(
                        ((payload[data] & 0xFF) << 8) | (payload[data + 1] & 0xFF),
                        payload[data + 2] & 0xFF,
                        payload[data + 3] & 0xFF);
            }
            at = data + length;
        }
        return Optional.empty();
    }

    /** A header saying "part 0 of 0" or "part 3 of 2" is ignored: the piece is stored as a whole message. */
    static Optional<ShortMessage.Part> part(int reference, int total, int seq) {
        return total >= 2 && seq >= 1 && seq <= total
                ? Optional.of(new ShortMessage.Part(reference, total, seq))
                : Optional.empty();
    }

    private static ShortMessage undecodable(byte dataCoding, byte[] bytes, String problem) {
        String note = String.format(
                Locale.ROOT,
                "[SMS that could not be read: %s; %d bytes: %s]",
                problem,
                bytes.length,
                HexFormat.of().formatHex(bytes));
        return new ShortMessage(note, Optional.empty(), problem);
    }
}
