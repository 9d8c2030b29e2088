package io.omniline.bench.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node's JVM: the java running this benchmark, its {@code -X} options (the script gives the
 * benchmark the same JVM options as {@code ./omniline run}), the server's class path, and the
 * configuration overrides as environment variables over the inherited environment and config
 * file, exactly where {@code ./omniline run} reads them. Its console goes to a log file.
 */
public final class NodeProcess implements AutoCloseable {

    /** The server's jars (the script passes them); without it, this JVM's own class path. */
    static final String CLASSPATH_PROPERTY = "omniline.bench.serverClasspath";

    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param extraJvmOptions for profiling (JFR, GC logs), after the inherited ones
     * @param ports the node's listening ports, all of which must be up before it counts as started
     */
    static NodeProcess start(
            Path config,
            Map<String, String> environment,
            List<String> extraJvmOptions,
            Path log,
            int httpPort,
            List<Integer> ports)
            throws IOException, InterruptedException {
        List<String> command = ChildJvm.command(
                extraJvmOptions,
                System.getProperty(CLASSPATH_PROPERTY, System.getProperty("java.class.path")),
                NodeMain.class.getName(),
                config == null ? List.of() : List.of("--config", config.toString()));
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        NodeProcess node = new NodeProcess(builder.start(), log);
        try {
            node.awaitStarted(httpPort, ports);
            return node;
        } catch (IOException | RuntimeException | InterruptedException e) {
            node.close();
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Started: /health answers UP and every port listens (the FastAGI server opens last). */
    private void awaitStarted(int httpPort, List<Integer> ports) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "the node exited with " + process.exitValue() + " while starting:\n" + tail());
                }
                if (up(http, health) && ports.stream().allMatch(ListeningPorts::isListening)) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the node did not start within " + START_LIMIT + ":\n" + tail());
    }

    private static boolean up(HttpClient http, HttpRequest health) throws InterruptedException {
        try {
            return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The node's resident set (Linux); -1 where /proc is not there to read it. */
    public long residentBytes() {
        return ChildJvm.residentBytes(process.pid());
    }

    /** The last lines of the node's console, to say why it failed. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, as Ctrl-C stops {@code ./omniline run}; forced (with its database) if it hangs. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            System.err.println(String.format(
                    Locale.ROOT,
                    "the node did not stop within %d s; killing it (log: %s)",
                    STOP_LIMIT.toSeconds(),
                    log));
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }
}
