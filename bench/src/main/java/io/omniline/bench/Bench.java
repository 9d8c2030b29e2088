package io.omniline.bench;

import io.omniline.bench.agi.AgiBenchmark;
import io.omniline.bench.ami.AmiBenchmark;
import io.omniline.bench.ami.CallTrackingBenchmark;
import io.omniline.bench.ami.CallTrackingRows;
import io.omniline.bench.designer.DesignerBenchmark;
import io.omniline.bench.designer.DesignerRows;
import io.omniline.bench.digital.ChatBenchmark;
import io.omniline.bench.digital.DigitalRows;
import io.omniline.bench.digital.EmailBenchmark;
import io.omniline.bench.digital.SmsBenchmark;
import io.omniline.bench.mainflow.MainFlowBenchmark;
import io.omniline.bench.mainflow.MainFlowRows;
import io.omniline.bench.micro.MicroBenchmarks;
import io.omniline.bench.node.BenchNode;
import io.omniline.bench.pop.PopBenchmark;
import io.omniline.bench.pop.PopRows;
import io.omniline.bench.reports.ReportsBenchmark;
import io.omniline.bench.reports.ReportsRows;
import io.omniline.db.seed.SeedPlan;
import io.omniline.db.seed.SeedSummary;
import io.omniline.db.seed.Seeder;
import io.omniline.server.DataStore;
import io.omniline.server.config.ConfigLoader;
import io.omniline.server.config.OmnilineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code omniline bench [driver] [options]}: runs the drivers, prints one table (figure, Omniline,
 * stock Asterisk-Java, ratio, target) with the machine's facts, under headings that say which
 * path each row drives, and writes it to bench-results/. The real-path drivers run against one
 * node started as {@code ./omniline run} starts it, on the configured database (seeded first when
 * it has no customers); the protocol-only ones (toy script, no database) run beside stock
 * Asterisk-Java.
 */
public final class Bench {

    private static final int WARM_UP_CALLS = 3_000;
    /** Below the stock server's 500 threads, with room for sessions still closing. */
    private static final int STOCK_POOL_HEADROOM = 450;

    private static final double MIB = 1024.0 * 1024.0;

    private Bench() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        if (options == null) {
            System.err.print(BenchOptions.usage());
            System.exit(2);
        }
        OmnilineConfig config = new ConfigLoader().load(options.path("config"), System.getenv());
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss", Locale.ROOT));
        Path results = Path.of("bench-results");
        Report report = run(options, config, results.resolve(options.driver() + "-" + stamp + "-node.log"));
        String table = report.render(options.driver());
        System.out.print(table);
        Path written = results.resolve(options.driver() + "-" + stamp + ".txt");
        Files.createDirectories(results);
        Files.writeString(written, table);
        System.out.println("written to " + written);
        // The simulated peers' and clients' threads may outlive their close; the run is over either way.
        System.exit(0);
    }

    static Report run(BenchOptions options, OmnilineConfig config, Path nodeLog) throws Exception {
        Report report = new Report();
        if (options.runs("queries") || options.needsNode()) {
            // Before the node: an embedded database has one owner at a time.
            try (DataStore store = DataStore.open(config.database())) {
                seedIfEmpty(
                        store, new SeedPlan(options.integer("seed-customers"), options.integer("seed-messages"), 42));
                if (options.runs("queries")) {
                    step("queries", () -> {
                        report.section("Database queries, in the benchmark's JVM over a connection pool (no node)");
                        new QueryBenchmark(store.database().repositories())
                                .run(options.integer("samples"))
                                .forEach(report::latency);
                    });
                }
            }
        }
        if (options.needsNode()) {
            try (BenchNode node = BenchNode.start(config, options.path("config"), nodeLog, options.path("profile"))) {
                onTheNode(report, options, node);
            }
        }
        if (options.runs("chat") && options.gateway() != null) {
            step("chat", () -> {
                DigitalRows.section(
                        report, "the chat gateway at " + options.gateway() + ", driven from the benchmark's JVM,");
                DigitalRows.chat(
                        report,
                        ChatBenchmark.load(
                                options.gateway(),
                                options.integer("chat-sessions"),
                                options.integer("chat-rate"),
                                options.seconds("chat-seconds"),
                                "bench-"),
                        options.integer("chat-sessions"),
                        options.integer("chat-rate"));
            });
        }
        if (options.runs("agi-protocol")) {
            step(
                    "agi-protocol",
                    () -> agiProtocol(
                            report,
                            options.integer("toy-sessions"),
                            options.integer("toy-rate"),
                            options.seconds("toy-think-seconds")));
        }
        if (options.runs("ami-protocol")) {
            step(
                    "ami-protocol",
                    () -> amiProtocol(
                            report, new AmiBenchmark(options.integer("ami-calls"), options.integer("ami-rounds"))));
        }
        if (options.runs("micro")) {
            step("micro", () -> micro(report, options));
        }
        return report;
    }

    /** One driver, with a line on standard error when it starts and ends (a full run takes a while). */
    private static void step(String driver, Step step) throws Exception {
        System.err.println("bench: " + driver + " ...");
        long start = System.nanoTime();
        step.run();
        System.err.printf(
                Locale.ROOT, "bench: %s done in %d s%n", driver, (System.nanoTime() - start) / 1_000_000_000L);
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Through the seeder {@code ./omniline seed} runs. */
    private static void seedIfEmpty(DataStore store, SeedPlan plan) throws Exception {
        if (store.database().repositories().bench().hasCustomers()) {
            return;
        }
        System.err.printf(
                Locale.ROOT,
                "bench: the database has no customers; seeding %,d customers and %,d messages%n",
                plan.customers(),
                plan.messages());
        SeedSummary summary = new Seeder(store.database().dataSource()).seed(plan, done -> {});
        System.err.printf(
                Locale.ROOT,
                "bench: seeded %,d customers in %d s%n",
                summary.customers(),
                summary.elapsed().toSeconds());
    }

    private static void onTheNode(Report report, BenchOptions options, BenchNode node) throws Exception {
        // First: the other drivers add contacts to the database, and these read it as it was seeded.
        if (options.runs("reports")) {
            step("reports", () -> {
                int repeats = options.integer("report-repeats");
                ReportsRows.add(
                        report,
                        new ReportsBenchmark(node.admin(), repeats, options.text("report-measures")).run(),
                        repeats,
                        String.format(
                                Locale.ROOT,
                                "measures: %s; database of about %,d customers, %,d interactions, %,d surveys and %,d agent states"
                                        + " (PostgreSQL's estimate)",
                                options.text("report-measures").isBlank()
                                        ? "every one"
                                        : options.text("report-measures"),
                                node.repositories().bench().estimatedRows("customer"),
                                node.repositories().bench().estimatedRows("interaction"),
                                node.repositories().bench().estimatedRows("csat_survey"),
                                node.repositories().bench().estimatedRows("agent_state_log")));
            });
        }
        if (options.runs("agi")) {
            MainFlowBenchmark.Settings settings = new MainFlowBenchmark.Settings(
                    options.integer("agi-callers"),
                    options.integer("agi-rate"),
                    options.seconds("agi-ramp-seconds"),
                    options.millis("think-ms"),
                    options.millis("prompt-ms"),
                    42);
            step("agi", () -> MainFlowRows.add(report, settings, new MainFlowBenchmark(node).run(settings)));
        }
        if (options.runs("ami")) {
            step(
                    "ami",
                    () -> CallTrackingRows.add(
                            report,
                            new CallTrackingBenchmark(node)
                                    .run(
                                            options.integer("ami-calls"),
                                            node.agents(
                                                    "bench-agent",
                                                    Math.min(50, options.integer("pop-agents")),
                                                    Map.of("support", 0, "sales", 0, "billing", 0)))));
        }
        if (options.runs("pop")) {
            step(
                    "pop",
                    () -> PopRows.add(
                            report,
                            new PopBenchmark(node)
                                    .run(new PopBenchmark.Settings(
                                            options.integer("pop-agents"),
                                            options.integer("pop-callers"),
                                            options.integer("pop-ring"),
                                            options.integer("pop-parallel")))));
        }
        boolean chat = options.runs("chat") && options.gateway() == null;
        if (chat || options.runs("email") || options.runs("sms")) {
            DigitalRows.section(
                    report, "the node's chat gateway, mailbox and SMS webhook, driven from the benchmark's JVM,");
        }
        if (chat) {
            step(
                    "chat",
                    () -> DigitalRows.chat(
                            report,
                            ChatBenchmark.onNode(
                                    node,
                                    options.integer("chat-sessions"),
                                    options.integer("chat-rate"),
                                    options.seconds("chat-seconds")),
                            options.integer("chat-sessions"),
                            options.integer("chat-rate")));
        }
        if (options.runs("email")) {
            step(
                    "email",
                    () -> DigitalRows.email(
                            report,
                            new EmailBenchmark(node)
                                    .run(options.integer("email-messages"), options.integer("email-rate")),
                            options.integer("email-rate")));
        }
        if (options.runs("sms")) {
            step(
                    "sms",
                    () -> DigitalRows.sms(
                            report,
                            new SmsBenchmark(node).run(options.integer("sms-messages"), options.integer("sms-rate")),
                            options.integer("sms-rate")));
        }
        // Last: its heading must not split the chat, email and SMS rows.
        if (options.runs("designer")) {
            step(
                    "designer",
                    () -> DesignerRows.add(
                            report,
                            new DesignerBenchmark(node.admin(), options.path("profile"))
                                    .run(options.integer("designer-nodes"), options.integer("designer-openings"))));
        }
    }

    /**
     * Both servers are warmed up first (JIT) with calls that do not think; then compared at a
     * load the stock pool can take, and at the full load.
     */
    private static void agiProtocol(Report report, int sessions, int rate, Duration think) throws Exception {
        report.section("FastAGI protocol overhead (toy script, no database): each server alone in its JVM, beside "
                + "stock Asterisk-Java's DefaultAgiServer");
        int warmUp = Math.min(sessions, WARM_UP_CALLS);
        try (AgiBenchmark benchmark = AgiBenchmark.start(rate)) {
            benchmark.omniline(warmUp, Duration.ZERO, false);
            benchmark.stock(warmUp, Duration.ZERO, false);
            if (sessions > STOCK_POOL_HEADROOM) {
                AgiBenchmark.Result oursSmall = benchmark.omniline(STOCK_POOL_HEADROOM, think, false);
                AgiBenchmark.Result stockSmall = benchmark.stock(STOCK_POOL_HEADROOM, think, false);
                report.compare(
                        "toy AGI turnaround p50 ms, " + STOCK_POOL_HEADROOM + " sessions",
                        millis(oursSmall, 50),
                        millis(stockSmall, 50),
                        "%.3f",
                        "");
                report.compare(
                        "toy AGI turnaround p99 ms, " + STOCK_POOL_HEADROOM + " sessions",
                        millis(oursSmall, 99),
                        millis(stockSmall, 99),
                        "%.3f",
                        "");
            }
            AgiBenchmark.Result ours = benchmark.omniline(sessions, think, false);
            AgiBenchmark.Result stock = benchmark.stock(sessions, think, false);
            int weighed = Math.min(sessions, STOCK_POOL_HEADROOM);
            long oursHeap = benchmark.omniline(weighed, think, true).sessionsHeapBytes();
            long stockHeap = benchmark.stock(weighed, think, true).sessionsHeapBytes();
            report.compare(
                    "toy sessions served at once (of " + sessions + ")",
                    ours.peakConcurrent(),
                    stock.peakConcurrent(),
                    "%.0f",
                    "");
            report.compare("toy calls completed", ours.completed(), stock.completed(), "%.0f", "all");
            report.compare(
                    "toy calls refused or failed",
                    ours.refused() + ours.failed(),
                    stock.refused() + stock.failed(),
                    "%.0f",
                    "0");
            report.compare("toy new sessions/s", ours.newSessionsPerSecond(), stock.newSessionsPerSecond(), "%.0f", "");
            report.compare(
                    "toy AGI turnaround p50 ms, " + sessions + " sessions",
                    millis(ours, 50),
                    millis(stock, 50),
                    "%.3f",
                    "");
            report.compare(
                    "toy AGI turnaround p99 ms, " + sessions + " sessions",
                    millis(ours, 99),
                    millis(stock, 99),
                    "%.3f",
                    "");
            report.compare(
                    "toy server RSS MiB at the peak (of " + sessions + ")",
                    ours.residentBytes() / MIB,
                    stock.residentBytes() / MIB,
                    "%.0f",
                    "");
            report.compare(
                    "toy live heap per open session KiB (" + weighed + " open)",
                    oursHeap / 1024.0 / weighed,
                    stockHeap / 1024.0 / weighed,
                    "%.1f",
                    "");
        }
        report.note("toy FastAGI: each server in a JVM of its own (same JVM options), running the same script (ANSWER, "
                + "STREAM FILE, GET DATA + " + think.toSeconds() + " s caller think time, SET VARIABLE) for the same "
                + "driver, after a warm-up of " + warmUp + " calls each; RSS is the server process's once every call "
                + "is placed (the stock server then holds only what its pool took); live heap after a forced "
                + "collection, in a run of its own. No flow, no database: what the protocol layer costs");
    }

    private static double millis(AgiBenchmark.Result result, double percentile) {
        return result.turnaround().getValueAtPercentile(percentile) / 1e6;
    }

    private static void amiProtocol(Report report, AmiBenchmark benchmark) throws Exception {
        report.section("AMI protocol and live model only (no database), in the benchmark's JVM, beside a stock "
                + "Asterisk-Java ManagerConnection");
        AmiBenchmark.Result ours = benchmark.omniline();
        AmiBenchmark.Result stock = benchmark.stock();
        report.compare(
                "AMI events/s decoded into the live model",
                ours.eventsPerSecond(),
                stock.eventsPerSecond(),
                "%.0f",
                "");
        report.compare(
                "AMI lag p99 ms",
                ours.lag().getValueAtPercentile(99) / 1e6,
                stock.lag().getValueAtPercentile(99) / 1e6,
                "%.1f",
                "");
        report.compare("AMI events lost (of " + ours.emitted() + ")", ours.lost(), stock.lost(), "%.0f", "0");
        report.note("AMI protocol: Omniline's connection applies each event to its live queue/agent/channel state, no "
                + "call tracker and no database; the stock connection hands it to a listener that only counts it");
    }

    private static void micro(Report report, BenchOptions options) throws Exception {
        report.section("JMH micro benchmark (one method, in a forked JVM)");
        Collection<RunResult> results = MicroBenchmarks.run(
                options.integer("jmh-forks"),
                options.integer("jmh-iterations"),
                TimeValue.milliseconds(options.integer("jmh-millis")));
        report.compare(
                "AMI event parsed, events/s (JMH)",
                MicroBenchmarks.score(results, "omniline"),
                MicroBenchmarks.score(results, "stock"),
                "%.0f",
                "");
        report.note("JMH: one captured event, wire bytes to packet (Omniline) against the stock event builder on "
                + "headers already split (framing left out of the stock side); " + options.integer("jmh-forks")
                + " fork(s), " + options.integer("jmh-iterations") + " x " + options.integer("jmh-millis")
                + " ms warm-up and measurement");
    }
}
