package io.omniline.telephony.ami;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns the AMI byte stream into packets, whatever the TCP segment boundaries: lines end in LF
 * (CR before it dropped), a packet ends with an empty line, and the first line from Asterisk is
 * the banner ({@code Asterisk Call Manager/11.0.0}), which is not a packet. Malformed lines and
 * over-long lines or packets become problems on the packet; the stream goes on.
 */
public final class AmiDecoder {

    public static final int MAX_LINE = 16 * 1024;
    public static final int MAX_HEADERS = 4096;
    /** Problems kept per packet: a stream of garbage lines must not grow one packet without bound. */
    public static final int MAX_PROBLEMS = 20;
    /** How much of a bad line a problem quotes. */
    private static final int QUOTED = 60;

    /** Hears the banner Asterisk greets a connection with. */
    @FunctionalInterface
    public interface BannerListener {
        void banner(String banner);
    }

    /** Hears each packet, whole, in the order it came. */
    @FunctionalInterface
    public interface PacketListener {
        void packet(AmiPacket packet);
    }

    private final BannerListener onBanner;
    private final PacketListener onPacket;
    /** The line so far. Not a ByteArrayOutputStream: its per-byte lock was most of the decoding time. */
    private byte[] line = new byte[256];

    private int lineLength;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private boolean bannerPending;
    private boolean lineTooLong;

    /**
     * @param expectBanner true on the client side of a connection to Asterisk; false to read
     *     what a client sends (actions)
     */
    public AmiDecoder(boolean expectBanner, BannerListener onBanner, PacketListener onPacket) {
        this.bannerPending = expectBanner;
        this.onBanner = onBanner;
        this.onPacket = onPacket;
    }

    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                endOfLine();
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    private void append(byte[] bytes, int from, int count) {
        int room = MAX_LINE - lineLength;
        if (count > room) {
            lineTooLong = true;
            count = room;
        }
        if (count <= 0) {
            return;
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(line.length * 2, lineLength + count)));
        }
        System.arraycopy(bytes, from, line, lineLength, count);
        lineLength += count;
    }

    /**
     * The connection ended. A packet cut mid-way is delivered with a problem saying so, so
     * whatever it held is not lost silently.
     */
    public void endOfStream() {
        if (lineLength > 0) {
            endOfLine();
        }
        if (!headers.isEmpty()) {
            problem("connection closed in the middle of a packet");
            emit();
        }
    }

    private void endOfLine() {
        int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        String text = new String(line, 0, end, StandardCharsets.UTF_8);
        lineLength = 0;
        if (bannerPending) {
            bannerPending = false;
            onBanner.banner(text);
            return;
        }
        if (lineTooLong) {
            lineTooLong = false;
            problem("line longer than " + MAX_LINE + " bytes, cut: " + quote(text));
        }
        if (text.isEmpty()) {
            if (!headers.isEmpty() || !problems.isEmpty()) {
                emit();
            }
            return;
        }
        int colon = text.indexOf(':');
        if (colon < 0 || text.substring(0, colon).isBlank()) {
            problem("not a header line: " + quote(text));
        } else if (headers.size() >= MAX_HEADERS) {
            problem("more than " + MAX_HEADERS + " headers; the rest were dropped");
        } else {
            String value = text.substring(colon + 1);
            headers.add(new AbstractMap.SimpleImmutableEntry<>(
                    text.substring(0, colon).strip(), value.startsWith(" ") ? value.substring(1) : value));
        }
    }

    /** Notes a problem once; past the cap, the last entry says that more were left out. */
    private void problem(String problem) {
        if (problems.contains(problem)) {
            return;
        }
        if (problems.size() < MAX_PROBLEMS - 1) {
            problems.add(problem);
        } else if (problems.size() == MAX_PROBLEMS - 1) {
            problems.add("more problems in this packet were left out");
        }
    }

    private static String quote(String line) {
        return line.length() <= QUOTED ? line : line.substring(0, QUOTED) + "…";
    }

    private void emit() {
        AmiPacket packet = new AmiPacket(headers, problems);
        headers.clear();
        problems.clear();
        onPacket.packet(packet);
    }
}
