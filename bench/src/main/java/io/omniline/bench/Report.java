package io.omniline.bench;

import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's one table — figure, Omniline, stock Asterisk-Java, ratio, target — headed by
 * the machine it was measured on. Ratios compare figures of the same run on the same machine,
 * which is what stays meaningful on a shared 2-core box.
 */
public final class Report {

    private static final String NONE = "-";

    /** A row of figures, or (with only {@code figure}) the heading of the rows that follow. */
    private record Row(String figure, String omniline, String stock, String ratio, String target) {

        boolean heading() {
            return omniline == null;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A figure measured on both, higher or lower being better as the target says. */
    public void compare(String figure, double omniline, double stock, String format, String target) {
        String ratio = stock == 0 ? NONE : String.format(Locale.ROOT, "x%.2f", omniline / stock);
        rows.add(new Row(
                figure,
                String.format(Locale.ROOT, format, omniline),
                String.format(Locale.ROOT, format, stock),
                ratio,
                target));
    }

    /** Says which path the rows after it drive. */
    public void section(String heading) {
        rows.add(new Row(heading, null, null, null, null));
    }

    public void single(String figure, String omniline, String target) {
        rows.add(new Row(figure, omniline, NONE, NONE, target));
    }

    /** p50, p99 and max of a latency, in milliseconds. */
    public void latency(Figure figure) {
        single(figure.name() + " p50 ms", millis(figure.p50Micros()), "");
        single(figure.name() + " p99 ms", millis(figure.p99Micros()), figure.target());
        single(figure.name() + " max ms", millis(figure.maxMicros()), "");
    }

    public void note(String note) {
        notes.add(note);
    }

    static String millis(double micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000);
    }

    public String render(String title) {
        StringBuilder out = new StringBuilder();
        Runtime runtime = Runtime.getRuntime();
        out.append("Omniline benchmark: ")
                .append(title)
                .append(", ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append('\n');
        out.append("machine: ")
                .append(runtime.availableProcessors())
                .append(" cores, ")
                .append(ManagementFactory.getOperatingSystemMXBean().getName())
                .append(' ')
                .append(ManagementFactory.getOperatingSystemMXBean().getArch())
                .append(", JDK ")
                .append(Runtime.version())
                .append(", max heap ")
                .append(runtime.maxMemory() / (1024 * 1024))
                .append(" MiB\n\n");
        int width = rows.stream()
                .filter(row -> !row.heading())
                .mapToInt(row -> row.figure().length())
                .max()
                .orElse(10);
        String line = "%-" + width + "s  %14s  %14s  %8s  %s%n";
        out.append(String.format(line, "figure", "Omniline", "stock A-J", "ratio", "target"));
        for (Row row : rows) {
            if (row.heading()) {
                out.append('\n').append(row.figure()).append('\n');
            } else {
                out.append(String.format(line, row.figure(), row.omniline(), row.stock(), row.ratio(), row.target()));
            }
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("* ").append(note).append('\n'));
        }
        return out.toString();
    }
}
