package io.omniline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.DatabaseSettings;
import io.omniline.db.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs Omniline as its own process, the way an operator does, and stops it with SIGTERM. */
class ShutdownTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Pattern UP = Pattern.compile("Omniline is up: http://127\\.0\\.0\\.1:(\\d+)/health");

    @Test
    void sigtermStopsEverythingCleanly() throws Exception {
        DatabaseSettings settings = db.settings();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classpath, Main.class.getName(), "run")
                .redirectErrorStream(true);
        builder.environment().put("OMNILINE_DATABASE_URL", settings.jdbcUrl());
        builder.environment().put("OMNILINE_DATABASE_USER", settings.user());
        if (settings.password() != null) {
            builder.environment().put("OMNILINE_DATABASE_PASSWORD", settings.password());
        }
        builder.environment().put("OMNILINE_HTTP_PORT", "0");
        builder.environment().put("OMNILINE_AGI_PORT", "0");
        builder.environment().put("OMNILINE_AMI_ENABLED", "false");
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            int port = awaitPort(lines, output);
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            // The handle sends SIGTERM without closing the streams, so the last log lines can be read.
            assertThat(process.toHandle().destroy()).isTrue();

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
            lines.lines().forEach(output::add);
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("exit code after SIGTERM").isEqualTo(143);
        assertThat(output).anyMatch(line -> line.contains("Omniline is stopping"))
                .anyMatch(line -> line.contains("Omniline stopped"))
                .noneMatch(line -> line.contains("Exception"));
    }

    private static int awaitPort(BufferedReader lines, List<String> output) throws Exception {
        String line;
        while ((line = lines.readLine()) != null) {
            output.add(line);
            Matcher up = UP.matcher(line);
            if (up.find()) {
                return Integer.parseInt(up.group(1));
            }
        }
        throw new AssertionError("Omniline exited before it was up:\n" + String.join("\n", output));
    }
}
