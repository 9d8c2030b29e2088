package io.omniline.bench;

import io.omniline.bench.agi.AgiBenchmark;
import io.omniline.bench.ami.AmiBenchmark;
import io.omniline.bench.micro.MicroBenchmarks;
import io.omniline.bench.pop.PopBenchmark;
import io.omniline.server.DataStore;
import io.omniline.server.config.ConfigLoader;
import io.omniline.server.config.OmnilineConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jooq.DSLContext;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code omniline bench [all|agi|ami|pop|queries|chat] [options]}: runs the drivers, prints one
 * table (figure, Omniline, stock Asterisk-Java, ratio, target) with the machine's facts, and
 * writes it to bench-results/. Database figures use the configured database (seed it first).
 */
public final class Bench {

    private static final String USAGE = """
            usage: omniline bench [all|agi|ami|micro|pop|queries|chat] [--config FILE] [--help]
              agi:     [--agi-sessions N] [--agi-rate CALLS_PER_S] [--think SECONDS]
              ami:     [--ami-calls N] [--ami-rounds N]
              micro:   [--jmh-forks N] [--jmh-iterations N] [--jmh-millis N]   (JMH)
              pop:     [--live N] [--pop-samples N]
              queries: [--samples N]
              chat:    [--sessions N] [--rate MSG_PER_S] [--seconds N] [--gateway ws://HOST:PORT/chat]""";

    private static final int WARM_UP_CALLS = 3_000;
    /** Below the stock server's 500 threads, with room for sessions still closing. */
    private static final int STOCK_POOL_HEADROOM = 450;
    private static final double MIB = 1024.0 * 1024.0;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options == null) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Report report = run(options, new ConfigLoader().load(options.config(), System.getenv()));
        String table = report.render(options.driver());
        System.out.print(table);
        Path results = Path.of("bench-results", options.driver() + "-" + LocalDate.now() + ".txt");
        Files.createDirectories(results.getParent());
        Files.writeString(results, table);
        System.out.println("written to " + results);
    }

    static Report run(Options options, OmnilineConfig config) throws Exception {
        Report report = new Report();
        boolean all = options.driver().equals("all");
        if (all || options.driver().equals("agi")) {
            agi(report, options.agiSessions(), options.agiRate(), Duration.ofSeconds(options.thinkSeconds()));
        }
        if (all || options.driver().equals("ami")) {
            ami(report, new AmiBenchmark(options.amiCalls(), options.amiRounds()));
        }
        if (all || options.driver().equals("micro")) {
            micro(report, options);
        }
        if (options.driver().equals("chat") && options.gateway() != null) {
            chat(report, ChatBenchmark.load(options.gateway(), options.sessions(), options.rate(),
                    Duration.ofSeconds(options.seconds())), options);
        } else if (all || List.of("pop", "queries", "chat").contains(options.driver())) {
            try (DataStore store = DataStore.open(config.database())) {
                DSLContext dsl = store.database().dsl();
                if (all || options.driver().equals("queries")) {
                    new QueryBenchmark(dsl).run(options.samples()).forEach(report::latency);
                }
                if (all || options.driver().equals("pop")) {
                    PopBenchmark.Result pop = new PopBenchmark(config, store.database()).run(options.live(), options.popSamples(),
                            Math.min(200, options.popSamples()));
                    report.latency(pop.connected());
                    report.latency(pop.popped());
                    report.note(String.format(Locale.ROOT, "pop: %d calls waiting in queue meanwhile, %,d customers in the database",
                            pop.liveCalls(), pop.customers()));
                }
                if (all || options.driver().equals("chat")) {
                    chat(report, new ChatBenchmark(dsl).run(options.sessions(), options.rate(),
                            Duration.ofSeconds(options.seconds())), options);
                }
            }
        }
        return report;
    }

    /**
     * Both servers are warmed up first (JIT) with calls that do not think; then compared at a
     * load the stock pool can take, and at the full load.
     */
    private static void agi(Report report, int sessions, int rate, Duration think) throws Exception {
        int warmUp = Math.min(sessions, WARM_UP_CALLS);
        try (AgiBenchmark benchmark = AgiBenchmark.start(rate)) {
            benchmark.omniline(warmUp, Duration.ZERO, false);
            benchmark.stock(warmUp, Duration.ZERO, false);
            if (sessions > STOCK_POOL_HEADROOM) {
                AgiBenchmark.Result oursSmall = benchmark.omniline(STOCK_POOL_HEADROOM, think, false);
                AgiBenchmark.Result stockSmall = benchmark.stock(STOCK_POOL_HEADROOM, think, false);
                report.compare("AGI turnaround p50 ms, " + STOCK_POOL_HEADROOM + " sessions", millis(oursSmall, 50),
                        millis(stockSmall, 50), "%.3f", "");
                report.compare("AGI turnaround p99 ms, " + STOCK_POOL_HEADROOM + " sessions", millis(oursSmall, 99),
                        millis(stockSmall, 99), "%.3f", "< 1 ms");
            }
            AgiBenchmark.Result ours = benchmark.omniline(sessions, think, false);
            AgiBenchmark.Result stock = benchmark.stock(sessions, think, false);
            int weighed = Math.min(sessions, STOCK_POOL_HEADROOM);
            long oursHeap = benchmark.omniline(weighed, think, true).sessionsHeapBytes();
            long stockHeap = benchmark.stock(weighed, think, true).sessionsHeapBytes();
            report.compare("FastAGI sessions served at once (of " + sessions + ")", ours.peakConcurrent(),
                    stock.peakConcurrent(), "%.0f", "10,000");
            report.compare("FastAGI calls completed", ours.completed(), stock.completed(), "%.0f", "all");
            report.compare("FastAGI calls refused or failed", ours.refused() + ours.failed(),
                    stock.refused() + stock.failed(), "%.0f", "0");
            report.compare("FastAGI new sessions/s", ours.newSessionsPerSecond(), stock.newSessionsPerSecond(), "%.0f",
                    "1,000");
            report.compare("AGI turnaround p50 ms, " + sessions + " sessions", millis(ours, 50), millis(stock, 50), "%.3f",
                    "");
            report.compare("AGI turnaround p99 ms, " + sessions + " sessions", millis(ours, 99), millis(stock, 99), "%.3f",
                    "< 1 ms");
            report.compare("FastAGI server RSS MiB at the peak (of " + sessions + ")", ours.residentBytes() / MIB,
                    stock.residentBytes() / MIB, "%.0f", "< 1,024 at 10,000");
            report.compare("live heap per open session KiB (" + weighed + " open)", oursHeap / 1024.0 / weighed,
                    stockHeap / 1024.0 / weighed, "%.1f", "");
        }
        report.note("FastAGI: each server in a JVM of its own (same JVM options), running the same script (ANSWER, "
                + "STREAM FILE, GET DATA + " + think.toSeconds() + " s caller think time, SET VARIABLE) for the same "
                + "driver, after a warm-up of " + warmUp + " calls each; RSS is the server process's once every call "
                + "is placed (the stock server then holds only what its pool took); live heap after a forced "
                + "collection, in a run of its own");
    }

    private static double millis(AgiBenchmark.Result result, double percentile) {
        return result.turnaround().getValueAtPercentile(percentile) / 1e6;
    }

    private static void ami(Report report, AmiBenchmark benchmark) throws Exception {
        AmiBenchmark.Result ours = benchmark.omniline();
        AmiBenchmark.Result stock = benchmark.stock();
        report.compare("AMI events/s delivered and applied", ours.eventsPerSecond(), stock.eventsPerSecond(), "%.0f",
                ">= 100,000");
        report.compare("AMI lag p99 ms", ours.lag().getValueAtPercentile(99) / 1e6, stock.lag().getValueAtPercentile(99) / 1e6,
                "%.1f", "");
        report.compare("AMI events lost (of " + ours.emitted() + ")", ours.lost(), stock.lost(), "%.0f", "0");
        report.note("AMI: Omniline applies each event to its live queue/agent/channel state; the stock connection "
                + "hands it to a listener that only counts it");
    }

    private static void micro(Report report, Options options) throws Exception {
        Collection<RunResult> results = MicroBenchmarks.run(options.jmhForks(), options.jmhIterations(),
                TimeValue.milliseconds(options.jmhMillis()));
        report.compare("AMI event parsed, events/s (JMH)", MicroBenchmarks.score(results, "omniline"),
                MicroBenchmarks.score(results, "stock"), "%.0f", "");
        report.note("JMH: one captured event, wire bytes to packet (Omniline) against the stock event builder on "
                + "headers already split (framing left out of the stock side); " + options.jmhForks() + " fork(s), "
                + options.jmhIterations() + " x " + options.jmhMillis() + " ms warm-up and measurement");
    }

    private static void chat(Report report, ChatBenchmark.Result result, Options options) {
        report.single("chat sockets held (of " + options.sessions() + ")", Integer.toString(result.sessionsHeld()), "10,000");
        report.single("chat messages stored/s", String.format(Locale.ROOT, "%.0f", result.storedPerSecond()), "1,000");
        result.figures().forEach(report::latency);
        report.note(String.format(Locale.ROOT, "chat: %d sent, %d acked, %d refused", result.sent(), result.acked(),
                result.refused()));
    }

    /** What to run and how big. */
    record Options(String driver, Path config, int agiSessions, int agiRate, int thinkSeconds, int amiCalls, int amiRounds,
                   int jmhForks, int jmhIterations, int jmhMillis, int live, int popSamples, int samples, int sessions,
                   int rate, int seconds, URI gateway) {

        static Options parse(String[] args) {
            String driver = "all";
            Path config = null;
            URI gateway = null;
            int agiSessions = 10_000;
            int agiRate = 1_000;
            // Longer than the 10 s it takes to place 10,000 calls at 1,000/s: all are open at once at the peak.
            int think = 12;
            int amiCalls = 1_000;
            int amiRounds = 5;
            int jmhForks = 1;
            int jmhIterations = 5;
            int jmhMillis = 1_000;
            int live = 1_000;
            int popSamples = 1_000;
            int samples = 20_000;
            int sessions = 5_000;
            int rate = 1_000;
            int seconds = 30;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "all", "agi", "ami", "micro", "pop", "queries", "chat" -> driver = args[i];
                    case "--config" -> config = Path.of(args[++i]);
                    case "--gateway" -> gateway = URI.create(args[++i]);
                    case "--agi-sessions" -> agiSessions = Integer.parseInt(args[++i]);
                    case "--agi-rate" -> agiRate = Integer.parseInt(args[++i]);
                    case "--think" -> think = Integer.parseInt(args[++i]);
                    case "--ami-calls" -> amiCalls = Integer.parseInt(args[++i]);
                    case "--ami-rounds" -> amiRounds = Integer.parseInt(args[++i]);
                    case "--jmh-forks" -> jmhForks = Integer.parseInt(args[++i]);
                    case "--jmh-iterations" -> jmhIterations = Integer.parseInt(args[++i]);
                    case "--jmh-millis" -> jmhMillis = Integer.parseInt(args[++i]);
                    case "--live" -> live = Integer.parseInt(args[++i]);
                    case "--pop-samples" -> popSamples = Integer.parseInt(args[++i]);
                    case "--samples" -> samples = Integer.parseInt(args[++i]);
                    case "--sessions" -> sessions = Integer.parseInt(args[++i]);
                    case "--rate" -> rate = Integer.parseInt(args[++i]);
                    case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                    default -> {
                        return null;
                    }
                }
            }
            return new Options(driver, config, agiSessions, agiRate, think, amiCalls, amiRounds, jmhForks, jmhIterations,
                    jmhMillis, live, popSamples, samples, sessions, rate, seconds, gateway);
        }
    }
}
