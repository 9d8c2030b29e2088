package io.omniline.server;

import io.omniline.db.DatabaseSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An Omniline node in a JVM of its own (as {@code omniline run} starts it), so that a test can
 * kill it as a crash would: no shutdown, its sockets and database sessions simply end.
 */
public final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private NodeProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                // The node was killed.
            }
        });
    }

    /** Starts a node on this database with free ports, and these settings on top ({@code OMNILINE_…}). */
    public static NodeProcess start(DatabaseSettings database, Map<String, String> settings) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                        Main.class.getName(),
                        "run")
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("OMNILINE_DATABASE_URL", database.jdbcUrl());
        environment.put("OMNILINE_DATABASE_USER", database.user());
        if (database.password() != null) {
            environment.put("OMNILINE_DATABASE_PASSWORD", database.password());
        }
        // A loaded test machine can take longer than the default 5 s to let a new JVM in.
        environment.put("OMNILINE_DATABASE_CONNECT_TIMEOUT_SECONDS", "30");
        environment.put("OMNILINE_HTTP_PORT", "0");
        environment.put("OMNILINE_AGI_PORT", "0");
        environment.put("OMNILINE_CHAT_PORT", "0");
        environment.putAll(settings);
        return new NodeProcess(builder.start());
    }

    /** Waits up to two minutes for a line of the node's log containing {@code text}. */
    public void awaitLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (output.stream().anyMatch(line -> line.contains(text))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the node never logged \"" + text + "\":\n" + String.join("\n", output));
    }

    /** Kills the node (SIGKILL) and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the node outlived SIGKILL for 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
