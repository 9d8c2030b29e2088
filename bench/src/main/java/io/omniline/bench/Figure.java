package io.omniline.bench;

import org.HdrHistogram.Histogram;

/** One measured latency figure, in microseconds, with the target it is judged against. */
public record Figure(String name, long samples, double p50Micros, double p99Micros, double maxMicros, String target) {

    public static Figure of(String name, Histogram nanos, String target) {
        return new Figure(
                name,
                nanos.getTotalCount(),
                nanos.getValueAtPercentile(50) / 1000.0,
                nanos.getValueAtPercentile(99) / 1000.0,
                nanos.getMaxValue() / 1000.0,
                target);
    }
}
