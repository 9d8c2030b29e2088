package io.omniline.bridge.channels.sms;

import com.cloudhopper.commons.charset.CharsetUtil;
import com.cloudhopper.commons.charset.GSMCharset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes an outgoing text as few SMS as possible: GSM 03.38 when every character fits (160 per
 * message, 153 per part), UCS-2 otherwise (70, 67). Parts carry an 8-bit concatenation header,
 * and a split never cuts a GSM escape sequence or a UTF-16 surrogate pair in half.
 */
public final class SmsSplitter {

    static final byte CODING_GSM = 0x00;
    static final byte CODING_UCS2 = 0x08;
    private static final int SINGLE_BYTES = 140;
    private static final int PART_BYTES = 134;

    /** One short message to submit: its data_coding and payload, with a user data header when {@code udhi}. */
    public record Segment(byte dataCoding, byte[] payload, boolean udhi) {}

    public List<Segment> split(String text, int reference) {
        boolean gsm = GSMCharset.canRepresent(text);
        byte coding = gsm ? CODING_GSM : CODING_UCS2;
        // Over SMPP, data_coding 0 travels unpacked: one septet per octet, so 160 septets take 160 octets.
        int single = gsm ? 160 : SINGLE_BYTES;
        int perPart = gsm ? 153 : PART_BYTES;
        byte[] whole = encode(text, gsm);
        if (whole.length <= single) {
            return List.of(new Segment(coding, whole, false));
        }
        List<byte[]> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int currentBytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            String unit = new String(Character.toChars(codePoint));
            int size = encode(unit, gsm).length;
            if (currentBytes + size > perPart) {
                chunks.add(encode(current.toString(), gsm));
                current.setLength(0);
                currentBytes = 0;
            }
            current.append(unit);
            currentBytes += size;
            i += Character.charCount(codePoint);
        }
        chunks.add(encode(current.toString(), gsm));
        if (chunks.size() > 255) {
            throw new IllegalArgumentException("a text of " + text.length() + " characters needs more than 255 SMS");
        }
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            byte[] chunk = chunks.get(i);
            byte[] payload = new byte[6 + chunk.length];
            payload[0] = 0x05;
            payload[1] = 0x00;
            payload[2] = 0x03;
            payload[3] = (byte) reference;
            payload[4] = (byte) chunks.size();
            payload[5] = (byte) (i + 1);
            System.arraycopy(chunk, 0, payload, 6, chunk.length);
            segments.add(new Segment(coding, payload, true));
        }
        return segments;
    }

    private static byte[] encode(String text, boolean gsm) {
        return gsm ? CharsetUtil.encode(text, CharsetUtil.CHARSET_GSM) : text.getBytes(StandardCharsets.UTF_16BE);
    }
}
