package io.omniline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.seed.SeedPlan;
import io.omniline.db.seed.Seeder;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.config.OmnilineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every driver once, at a tiny size, through the same entry point as {@code ./omniline bench all},
 * so none can rot. Timings are printed, never asserted; what is asserted is that each driver ran
 * and that nothing was lost or refused where Omniline promises it.
 */
class BenchTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theWholeBenchRunsAtATinySizeAndPrintsOneTable() throws Exception {
        new Seeder(db.database().dataSource()).seed(new SeedPlan(200, 2_000, 3), done -> { });
        OmnilineConfig defaults = OmnilineConfig.defaults();
        OmnilineConfig config = new OmnilineConfig(defaults.http(),
                new OmnilineConfig.Database(db.settings().jdbcUrl(), db.settings().user(), db.settings().password(), 4, 5,
                        defaults.database().embedded()),
                defaults.identity(), defaults.ivr(), defaults.agi(), defaults.ami(), defaults.chat(), defaults.digital(),
                defaults.email(), defaults.sms(), defaults.auth(), defaults.softphone());
        Bench.Options tiny = Bench.Options.parse(new String[] {"all", "--agi-sessions", "40", "--agi-rate", "400",
                "--think", "0", "--ami-calls", "10", "--ami-rounds", "1", "--jmh-forks", "0", "--jmh-iterations", "1",
                "--jmh-millis", "100", "--live", "5", "--pop-samples", "5",
                "--samples", "20", "--sessions", "10", "--rate", "50", "--seconds", "1"});

        String table = Bench.run(tiny, config).render("tiny");
        System.out.print(table);

        assertThat(table).contains("cores", "JDK", "Omniline", "stock A-J", "ratio", "target");
        assertThat(row(table, "FastAGI calls completed")).contains(" 40 ");
        assertThat(row(table, "FastAGI server RSS MiB at the peak (of 40)")).matches(".*\\)\\s+[1-9]\\d*\\s+[1-9]\\d*\\s.*");
        assertThat(row(table, "AMI events lost")).matches(".*\\s0\\s+\\S+\\s+\\S+\\s+0\\s*$");
        assertThat(row(table, "AMI event parsed, events/s (JMH)")).isNotBlank();
        assertThat(row(table, "pop: AgentConnect in -> frame out p99 ms")).contains("p99 < 20 ms");
        assertThat(row(table, "identity lookup, warm p99 ms")).isNotBlank();
        assertThat(row(table, "chat sockets held (of 10)")).contains(" 10 ");
    }

    private static String row(String table, String figure) {
        return table.lines().filter(line -> line.startsWith(figure)).findFirst()
                .orElseThrow(() -> new AssertionError(figure + " is not in the table:\n" + table));
    }
}
