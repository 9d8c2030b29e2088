package io.omniline.server.seed;

import io.omniline.db.seed.SeedPlan;
import io.omniline.db.seed.SeedSummary;
import io.omniline.db.seed.Seeder;
import io.omniline.server.DataStore;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.server.reports.ReportSettings;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Instant;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** {@code omniline seed}: synthetic customers and history for demos and benchmarks, with a progress bar. */
public final class SeedCommand {

    private final PrintStream out;

    public SeedCommand(PrintStream out) {
        this.out = out;
    }

    public int run(OmnilineConfig config, SeedPlan plan) throws SQLException, InterruptedException {
        SeedSummary summary;
        ReportSettings settings = ReportSettings.from(config.reports());
        int slots;
        long rollStarted;
        try (DataStore store = DataStore.open(config.database());
                ProgressBar progress = new ProgressBarBuilder()
                        .setTaskName("Seeding")
                        .setInitialMax(plan.customers())
                        .setUnit(" customers", 1)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new ConsoleProgressBarConsumer(out))
                        .build()) {
            summary = new Seeder(store.database().dataSource()).seed(plan, progress::stepTo);
            // A seeded database is fast to report on at once: its history is rolled up now.
            rollStarted = System.nanoTime();
            slots = store.database().reportRollup().rollAll(Instant.now(), settings.rollupRules());
        }
        out.printf(
                "seeded %,d customers, %,d identities, %,d interactions, %,d IVR steps, %,d messages, %,d surveys,"
                        + " %,d agent states in %d s%n",
                summary.customers(),
                summary.identities(),
                summary.interactions(),
                summary.ivrSteps(),
                summary.messages(),
                summary.surveys(),
                summary.agentStates(),
                summary.elapsed().toSeconds());
        out.printf(
                "rolled up the report figures of %,d quarter-hours in %d s%n",
                slots, (System.nanoTime() - rollStarted) / 1_000_000_000);
        return 0;
    }
}
