package io.omniline.bench;

import io.omniline.server.DataStore;
import io.omniline.server.config.ConfigLoader;
import io.omniline.server.config.OmnilineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code omniline bench [queries] [--config FILE] [--samples N]}: runs the benchmark drivers
 * against the database Omniline is configured for (seed it first) and prints one table,
 * also written to bench-results/.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws IOException {
        Path config = null;
        int samples = 20_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "queries" -> { }
                case "--config" -> config = Path.of(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: omniline bench [queries] [--config FILE] [--samples N]");
                    System.exit(2);
                }
            }
        }
        OmnilineConfig settings = new ConfigLoader().load(config, System.getenv());
        List<Figure> figures;
        try (DataStore store = DataStore.open(settings.database())) {
            figures = new QueryBenchmark(store.database().dsl()).run(samples);
        }
        String table = ResultTable.render(figures);
        System.out.print(table);
        Path results = Path.of("bench-results", "queries-" + LocalDate.now() + ".txt");
        Files.createDirectories(results.getParent());
        Files.writeString(results, table);
        System.out.println("written to " + results);
    }
}
