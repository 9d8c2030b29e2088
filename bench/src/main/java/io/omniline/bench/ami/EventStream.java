package io.omniline.bench.ami;

import io.omniline.telephony.sim.ScriptedCalls;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The AMI events of many calls in progress at once, as Asterisk 22 sent them for one call in the
 * captures (answered, and abandoned after a ring-no-answer), renamed per call and interleaved
 * so every call is mid-flight together. Each event is stamped with a {@code Timestamp} header
 * when it is sent, as Asterisk does with {@code timestampevents = yes}: the consumer's lag is
 * its arrival time minus that stamp.
 */
final class EventStream {

    private final List<byte[][]> events;

    private EventStream(List<byte[][]> events) {
        this.events = events;
    }

    static EventStream of(int calls) {
        List<List<byte[]>> perCall = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String uniqueId = (1_795_400_000L + i) + ".1";
            perCall.add(
                    i % 4 == 3
                            ? ScriptedCalls.abandoned(uniqueId, "sales", "PJSIP/" + (2000 + i % 50), i)
                            : ScriptedCalls.answered(uniqueId, "support", "PJSIP/" + (1000 + i % 50), i));
        }
        return interleaved(perCall);
    }

    /** The calls' events, one step of each call after the other, so all are in progress together. */
    static EventStream interleaved(List<List<byte[]>> perCall) {
        List<byte[][]> interleaved = new ArrayList<>();
        for (int step = 0; ; step++) {
            boolean any = false;
            for (List<byte[]> call : perCall) {
                if (step < call.size()) {
                    interleaved.add(split(call.get(step)));
                    any = true;
                }
            }
            if (!any) {
                return new EventStream(interleaved);
            }
        }
    }

    int size() {
        return events.size();
    }

    /** How many events of each name (lowercased) one pass of the stream holds. */
    Map<String, Long> countsByName() {
        Map<String, Long> counts = new HashMap<>();
        for (byte[][] event : events) {
            String line = new String(event[0], StandardCharsets.US_ASCII).strip();
            counts.merge(line.substring(line.indexOf(':') + 1).strip().toLowerCase(Locale.ROOT), 1L, Long::sum);
        }
        return counts;
    }

    /** Events {@code from} (inclusive) to {@code to} as one write, as Asterisk sends them with {@code timestampevents = no}. */
    byte[] plain(int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            out.writeBytes(events.get(i)[0]);
            out.writeBytes(events.get(i)[1]);
        }
        return out.toByteArray();
    }

    /** Events {@code from} (inclusive) to {@code to} as one write, each stamped now. */
    byte[] stamped(int from, int to) {
        Instant now = Instant.now();
        byte[] stamp = ("Timestamp: " + now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000)
                        + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            byte[][] event = events.get(i);
            out.writeBytes(event[0]);
            out.writeBytes(stamp);
            out.writeBytes(event[1]);
        }
        return out.toByteArray();
    }

    /** The "Event: ..." line, and the rest, so the stamp goes right after the event name. */
    private static byte[][] split(byte[] packet) {
        int lineEnd = 0;
        while (packet[lineEnd] != '\n') {
            lineEnd++;
        }
        byte[] first = new byte[lineEnd + 1];
        byte[] rest = new byte[packet.length - lineEnd - 1];
        System.arraycopy(packet, 0, first, 0, first.length);
        System.arraycopy(packet, first.length, rest, 0, rest.length);
        return new byte[][] {first, rest};
    }

    /** The stamp as written (seconds since the epoch, a dot, microseconds) to lag now. */
    static long lagNanos(String timestamp) {
        int dot = timestamp.indexOf('.');
        return lagNanos(
                Long.parseLong(timestamp.substring(0, dot)) * 1_000_000 + Long.parseLong(timestamp.substring(dot + 1)));
    }

    static long lagNanos(long stampMicros) {
        Instant now = Instant.now();
        return Math.max(0, (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000 - stampMicros) * 1000);
    }
}
