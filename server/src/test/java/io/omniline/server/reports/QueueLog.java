package io.omniline.server.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Asterisk's queue_log ({@code epoch|uniqueid|queue|agent|EVENT|data...}) and the voice figures
 * a queue_log reporting tool (QueueMetrics and the like) computes from it, for the calls named.
 */
record QueueLog(List<Line> lines) {

    record Line(long epoch, String callId, String queue, String agent, String event, List<String> data) {

        int number(int index) {
            return Integer.parseInt(data.get(index));
        }
    }

    static QueueLog load(String resource, Set<String> calls) {
        try (InputStream in = QueueLog.class.getResourceAsStream("/captures/" + resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new QueueLog(text.lines()
                    .filter(line -> !line.isBlank())
                    .map(line -> line.split("\\|", -1))
                    .map(parts -> new Line(
                            Long.parseLong(parts[0]),
                            parts[1],
                            parts[2],
                            parts[3],
                            parts[4],
                            List.of(Arrays.copyOfRange(parts, 5, parts.length))))
                    .filter(line -> calls.contains(line.callId()))
                    .toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Line> events(String... names) {
        Set<String> wanted = Set.of(names);
        return lines.stream().filter(line -> wanted.contains(line.event())).toList();
    }

    /** ENTERQUEUE. */
    long offered() {
        return events("ENTERQUEUE").size();
    }

    /** CONNECT. */
    long answered() {
        return events("CONNECT").size();
    }

    /** ABANDON (EXITEMPTY and EXITWITHTIMEOUT are not abandons). */
    long abandoned() {
        return events("ABANDON").size();
    }

    /** Σ CONNECT holdtime ÷ CONNECT. */
    double averageSpeedOfAnswer() {
        return events("CONNECT").stream()
                .mapToInt(line -> line.number(0))
                .average()
                .orElseThrow();
    }

    /** (Σ CONNECT holdtime + Σ ABANDON waittime) ÷ (CONNECT + ABANDON). */
    double averageWait() {
        int connectWaits =
                events("CONNECT").stream().mapToInt(line -> line.number(0)).sum();
        int abandonWaits =
                events("ABANDON").stream().mapToInt(line -> line.number(2)).sum();
        return (double) (connectWaits + abandonWaits) / (answered() + abandoned());
    }

    /** CONNECT with holdtime ≤ threshold ÷ (CONNECT + ABANDON) × 100. */
    double serviceLevel(int thresholdSeconds) {
        long within = events("CONNECT").stream()
                .filter(line -> line.number(0) <= thresholdSeconds)
                .count();
        return 100.0 * within / (answered() + abandoned());
    }

    /** Σ calltime of COMPLETEAGENT and COMPLETECALLER ÷ their number. */
    double averageTalk() {
        return events("COMPLETEAGENT", "COMPLETECALLER").stream()
                .mapToInt(line -> line.number(1))
                .average()
                .orElseThrow();
    }

    /** Abandons whose wait was under the threshold. */
    long abandonedSoonerThan(int seconds) {
        return events("ABANDON").stream()
                .filter(line -> line.number(2) < seconds)
                .count();
    }
}
