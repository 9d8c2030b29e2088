package io.omniline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.seed.SeedPlan;
import io.omniline.db.seed.Seeder;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.config.OmnilineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every driver once, at a tiny size, through the same entry point as {@code ./omniline bench all}:
 * the node in a JVM of its own on the test's database, and the protocol-only drivers beside stock
 * Asterisk-Java, so none can rot. Timings are printed, never asserted; what is asserted is that
 * each driver ran and that nothing was lost, refused or failed where Omniline promises it.
 */
class BenchTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theWholeBenchRunsAtATinySizeAndPrintsOneTable() throws Exception {
        new Seeder(db.database().dataSource()).seed(new SeedPlan(300, 3_000, 3), done -> {});
        OmnilineConfig defaults = OmnilineConfig.defaults();
        OmnilineConfig config = new OmnilineConfig(
                defaults.http(),
                new OmnilineConfig.Database(
                        db.settings().jdbcUrl(),
                        db.settings().user(),
                        db.settings().password(),
                        4,
                        5,
                        defaults.database().embedded()),
                defaults.identity(),
                defaults.ivr(),
                defaults.agi(),
                defaults.ami(),
                defaults.chat(),
                defaults.digital(),
                defaults.email(),
                defaults.sms(),
                defaults.auth(),
                defaults.softphone(),
                defaults.reports());
        BenchOptions tiny = BenchOptions.parse(new String[] {
            "all",
            "--designer-nodes",
            "30",
            "--designer-openings",
            "1",
            "--agi-callers",
            "30",
            "--agi-rate",
            "30",
            "--agi-ramp-seconds",
            "0",
            "--think-ms",
            "200",
            "--prompt-ms",
            "50",
            "--ami-calls",
            "12",
            "--pop-agents",
            "6",
            "--pop-callers",
            "8",
            "--pop-ring",
            "2",
            "--pop-parallel",
            "3",
            "--chat-sessions",
            "10",
            "--chat-rate",
            "50",
            "--chat-seconds",
            "1",
            "--email-messages",
            "5",
            "--email-rate",
            "20",
            "--sms-messages",
            "20",
            "--sms-rate",
            "50",
            "--report-repeats",
            "1",
            "--samples",
            "20",
            "--toy-sessions",
            "40",
            "--toy-rate",
            "400",
            "--toy-think-seconds",
            "0",
            "--ami-rounds",
            "1",
            "--jmh-forks",
            "0",
            "--jmh-iterations",
            "1",
            "--jmh-millis",
            "100"
        });

        // Kept under target/ rather than a temporary folder: a figure that fails under load is
        // explained by what the node logged, which must outlive the test.
        Path nodeLog = Path.of("target", "bench-node.log");
        String table = Bench.run(tiny, config, nodeLog).render("tiny");
        System.out.print(table);

        assertThat(table).contains("cores", "JDK", "Omniline", "stock A-J", "ratio", "target");
        assertThat(table)
                .contains(
                        "FastAGI, real path:",
                        "AMI, real path:",
                        "Screen pop, real path:",
                        "Chat, email and SMS, real path:",
                        "Reports, real path:",
                        "FastAGI protocol overhead (toy script, no database)",
                        "AMI protocol and live model only (no database)",
                        "Database queries, in the benchmark's JVM",
                        "Flow designer in headless Chromium on a generated 30-node flow");
        assertThat(value(table, "main flow: calls placed")).isEqualTo("30");
        // A call past the node's database budget goes to the fallback queue by design: served, not lost.
        assertThat(Integer.parseInt(value(table, "main flow: calls completed through the flow"))
                        + Integer.parseInt(value(table, "main flow: calls sent to the fallback queue")))
                .isEqualTo(30);
        assertThat(value(table, "main flow: calls failed")).isEqualTo("0");
        assertThat(row(table, "main flow: VIP callers given VIP priority")).matches(".*\\s\\d+ of \\d+\\s.*");
        assertThat(value(table, "main flow: node RSS MiB at the most calls open"))
                .matches("[1-9]\\d*");
        assertThat(value(table, "AMI events lost (marks missing")).isEqualTo("0");
        assertThat(row(table, "AMI calls with their outcome stored (of ")).matches("[^(]*\\(of (\\d+)\\)\\s+\\1\\s.*");
        assertThat(value(table, "pop frames missing (of ")).isEqualTo("0");
        assertThat(value(table, "call-connected frames missing (of ")).isEqualTo("0");
        assertThat(row(table, "pop: AgentCalled in -> pop frame out p99 ms")).contains("p99 < 20 ms");
        assertThat(value(table, "chat sockets held (of 10)")).isEqualTo("10");
        assertThat(value(table, "chat messages lost"))
                .as(() -> warnings(nodeLog))
                .isEqualTo("0");
        assertThat(value(table, "email lost (of 5)"))
                .as(() -> warnings(nodeLog))
                .isEqualTo("0");
        assertThat(value(table, "sms lost (of 20")).as(() -> warnings(nodeLog)).isEqualTo("0");
        assertThat(row(table, "toy calls completed")).contains(" 40 ");
        assertThat(row(table, "toy server RSS MiB at the peak (of 40)"))
                .matches(".*\\)\\s+[1-9]\\d*\\s+[1-9]\\d*\\s.*");
        assertThat(row(table, "AMI events lost (of ")).matches(".*\\s0\\s+\\S+\\s+\\S+\\s+0\\s*$");
        assertThat(row(table, "AMI event parsed, events/s (JMH)")).isNotBlank();
        assertThat(row(table, "identity lookup, warm p99 ms")).isNotBlank();
        assertThat(value(table, "designer type in the side panel: frame p95 ms"))
                .matches("\\d+\\.\\d");
        assertThat(row(table, "* designer: 30 nodes (0 problems from the validator)"))
                .isNotBlank();
        assertThat(row(table, "report by disposition, month over 3 months, compared, p50 / max ms"))
                .matches(".*\\s\\d+ / \\d+\\s.*");
        assertThat(row(table, "drill-down: first-contact-resolution of one queue's busiest day"))
                .isNotBlank();
        assertThat(value(table, "reports failed (of ")).isEqualTo("0");
    }

    /** What the node warned about, for a figure that failed: the run's own account of a lost message. */
    private static String warnings(Path nodeLog) {
        try (Stream<String> lines = Files.lines(nodeLog)) {
            return "the node's warnings and errors:\n"
                    + lines.filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                            .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "the node's log could not be read: " + e.getMessage();
        }
    }

    private static String row(String table, String figure) {
        return table.lines()
                .filter(line -> line.startsWith(figure))
                .findFirst()
                .orElseThrow(() -> new AssertionError(figure + " is not in the table:\n" + table));
    }

    /** The Omniline column (14 characters, right-aligned under its heading) of the row that starts with {@code figure}. */
    private static String value(String table, String figure) {
        String heading = row(table, "figure ");
        int end = heading.indexOf("Omniline") + "Omniline".length();
        return row(table, figure).substring(end - 14, end).strip();
    }
}
