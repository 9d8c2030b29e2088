package io.omniline.telephony.ami;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the AMI byte stream into packets, whatever the TCP segment boundaries: lines end in LF
 * (CR before it dropped), a packet ends with an empty line, and the first line from Asterisk is
 * the banner ({@code Asterisk Call Manager/11.0.0}), which is not a packet. Malformed lines and
 * over-long lines or packets become problems on the packet; the stream goes on.
 */
public final class AmiDecoder {

    public static final int MAX_LINE = 16 * 1024;
    public static final int MAX_HEADERS = 4096;

    private final Consumer<String> onBanner;
    private final Consumer<AmiPacket> onPacket;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private boolean bannerPending;
    private boolean lineTooLong;

    /**
     * @param expectBanner true on the client side of a connection to Asterisk; false to read
     *     what a client sends (actions)
     */
    public AmiDecoder(boolean expectBanner, Consumer<String> onBanner, Consumer<AmiPacket> onPacket) {
        this.bannerPending = expectBanner;
        this.onBanner = onBanner;
        this.onPacket = onPacket;
    }

    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                endOfLine();
            } else if (line.size() < MAX_LINE) {
                line.write(b);
            } else {
                lineTooLong = true;
            }
        }
    }

    /**
     * The connection ended. A packet cut mid-way is delivered with a problem saying so, so
     * whatever it held is not lost silently.
     */
    public void endOfStream() {
        if (line.size() > 0) {
            endOfLine();
        }
        if (!headers.isEmpty()) {
            problems.add("connection closed in the middle of a packet");
            emit();
        }
    }

    private void endOfLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (bannerPending) {
            bannerPending = false;
            onBanner.accept(text);
            return;
        }
        if (lineTooLong) {
            lineTooLong = false;
            problems.add("line longer than " + MAX_LINE + " bytes, cut: " + text.substring(0, Math.min(60, text.length())));
        }
        if (text.isEmpty()) {
            if (!headers.isEmpty() || !problems.isEmpty()) {
                emit();
            }
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            problems.add("not a header line: " + text);
        } else if (headers.size() >= MAX_HEADERS) {
            problems.add("more than " + MAX_HEADERS + " headers; the rest were dropped");
        } else {
            String value = text.substring(colon + 1);
            headers.add(new AbstractMap.SimpleImmutableEntry<>(text.substring(0, colon).strip(),
                    value.startsWith(" ") ? value.substring(1) : value));
        }
    }

    private void emit() {
        AmiPacket packet = new AmiPacket(headers, problems);
        headers.clear();
        problems.clear();
        onPacket.accept(packet);
    }
}
