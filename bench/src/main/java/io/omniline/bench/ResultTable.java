package io.omniline.bench;

import java.lang.management.ManagementFactory;
import java.util.List;

/** The figures as a plain-text table, headed by the machine they were measured on. */
final class ResultTable {

    private ResultTable() {
    }

    static String render(List<Figure> figures) {
        StringBuilder out = new StringBuilder();
        out.append("machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, JDK ")
                .append(Runtime.version()).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB, ")
                .append(ManagementFactory.getOperatingSystemMXBean().getName()).append('\n');
        out.append(String.format("%-32s %10s %10s %10s %10s  %s%n", "figure", "samples", "p50 us", "p99 us", "max us", "target"));
        for (Figure figure : figures) {
            out.append(String.format("%-32s %10d %10.1f %10.1f %10.1f  %s%n", figure.name(), figure.samples(),
                    figure.p50Micros(), figure.p99Micros(), figure.maxMicros(), figure.target()));
        }
        return out.toString();
    }
}
