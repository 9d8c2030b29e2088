package io.omniline.bench.micro;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks and returns their scores (operations per second). */
public final class MicroBenchmarks {

    private MicroBenchmarks() {}

    /** @param forks 0 runs in this JVM (quick, for the tiny run in tests), 1 or more as JMH means it */
    public static Collection<RunResult> run(int forks, int iterations, TimeValue iterationTime) throws RunnerException {
        return new Runner(new OptionsBuilder()
                        .include(AmiParsing.class.getName())
                        .forks(forks)
                        .warmupIterations(iterations)
                        .warmupTime(iterationTime)
                        .measurementIterations(iterations)
                        .measurementTime(iterationTime)
                        .shouldFailOnError(true)
                        .build())
                .run();
    }

    /** The score of one benchmark method, by name. */
    public static double score(Collection<RunResult> results, String method) {
        return results.stream()
                .filter(result -> result.getParams().getBenchmark().endsWith("." + method))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("JMH did not run " + method))
                .getPrimaryResult()
                .getScore();
    }
}
