package io.omniline.bench;

import io.omniline.server.DataStore;
import io.omniline.server.config.ConfigLoader;
import io.omniline.server.config.OmnilineConfig;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

/**
 * {@code omniline bench [queries|chat] [--config FILE] [--samples N] [--sessions N --rate N --seconds N]}:
 * runs a benchmark driver against the database Omniline is configured for (seed it first for
 * queries) and prints one table, also written to bench-results/.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        String driver = "queries";
        int samples = 20_000;
        int sessions = 10_000;
        int rate = 1_000;
        int seconds = 30;
        URI gateway = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "queries", "chat" -> driver = args[i];
                case "--config" -> config = Path.of(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--sessions" -> sessions = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--gateway" -> gateway = URI.create(args[++i]);
                default -> {
                    System.err.println("usage: omniline bench [queries|chat] [--config FILE] [--samples N] "
                            + "[--sessions N] [--rate MSG_PER_S] [--seconds N] [--gateway ws://HOST:PORT/chat]");
                    System.exit(2);
                }
            }
        }
        String table;
        if (driver.equals("chat") && gateway != null) {
            table = chatTable(ChatBenchmark.load(gateway, sessions, rate, Duration.ofSeconds(seconds)), sessions);
        } else {
            OmnilineConfig settings = new ConfigLoader().load(config, System.getenv());
            try (DataStore store = DataStore.open(settings.database())) {
                table = driver.equals("chat")
                        ? chatTable(new ChatBenchmark(store.database().dsl()).run(sessions, rate, Duration.ofSeconds(seconds)), sessions)
                        : ResultTable.render(new QueryBenchmark(store.database().dsl()).run(samples));
            }
        }
        System.out.print(table);
        Path results = Path.of("bench-results", driver + "-" + LocalDate.now() + ".txt");
        Files.createDirectories(results.getParent());
        Files.writeString(results, table);
        System.out.println("written to " + results);
    }

    private static String chatTable(ChatBenchmark.Result result, int sessions) {
        return ResultTable.render(result.figures()) + String.format(
                "sessions held %d of %d; messages sent %d, acked %d, refused %d; stored %.0f/s%n",
                result.sessionsHeld(), sessions, result.sent(), result.acked(), result.refused(), result.storedPerSecond());
    }
}
