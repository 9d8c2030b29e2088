package io.omniline.server;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.embedded.EmbeddedPostgresServer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.ScriptedCalls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs Omniline as its own process, the way an operator does, and stops it with SIGTERM. */
class ShutdownTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Pattern UP = Pattern.compile("Omniline is up: http://127\\.0\\.0\\.1:(\\d+)/health");

    @Test
    void sigtermStopsEverythingCleanly() throws Exception {
        DatabaseSettings settings = db.settings();
        ProcessBuilder builder =
                new ProcessBuilder(java(), "-cp", classpath(), Main.class.getName(), "run").redirectErrorStream(true);
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
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            int port = awaitPort(lines, output);
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            // The handle sends SIGTERM without closing the streams, so the last log lines can be read.
            assertThat(process.toHandle().destroy()).isTrue();

            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("stopped within 30 s")
                    .isTrue();
            lines.lines().forEach(output::add);
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("exit code after SIGTERM").isEqualTo(143);
        assertThat(output)
                .anyMatch(line -> line.contains("Omniline is stopping"))
                .anyMatch(line -> line.contains("Omniline stopped"))
                .noneMatch(line -> line.contains("Exception"));
    }

    /**
     * Omniline with its embedded PostgreSQL, stopped with SIGTERM while a caller is in the IVR
     * (over a slow link, so the session outlasts the signal) and a call's AMI events have just
     * been handed to the call tracker. The IVR session finishes and is stored, the call's
     * updates are stored, and only then does PostgreSQL stop: no database error is logged, and
     * a fresh start on the same data directory finds both calls as they ended.
     */
    @Test
    void sigtermWithCallsInFlightStopsTheEmbeddedDatabaseLastAndLogsNoDatabaseError(@TempDir Path folder)
            throws Exception {
        Path dataDir = folder.resolve("postgres");
        String inIvr = "1796000001.1";
        String inQueue = "1796000002.1";
        List<String> output = new ArrayList<>();
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"))) {
            ProcessBuilder builder = new ProcessBuilder(java(), "-cp", classpath(), Main.class.getName(), "run")
                    .redirectErrorStream(true);
            builder.environment().put("OMNILINE_DATABASE_EMBEDDED_DATA_DIR", dataDir.toString());
            builder.environment().put("OMNILINE_HTTP_PORT", "0");
            builder.environment().put("OMNILINE_AGI_PORT", "0");
            builder.environment().put("OMNILINE_CHAT_PORT", "0");
            builder.environment().put("OMNILINE_AMI_PORT", String.valueOf(asterisk.port()));
            builder.environment().put("OMNILINE_AUTH_ADMIN_PASSWORD", "a long enough password");
            Process process = builder.start();
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                Matcher up = awaitLine(lines, output, UP_WITH_AGI);
                int agiPort = Integer.parseInt(up.group(2));
                int postgresPort =
                        Integer.parseInt(firstMatch(output, EMBEDDED_PORT).group(1));
                for (int i = 0; i < 100 && asterisk.logins() == 0; i++) {
                    Thread.sleep(100);
                }
                assertThat(asterisk.logins())
                        .as("logged in to the simulated Asterisk")
                        .isPositive();
                List<byte[]> queued = ScriptedCalls.answered(inQueue, "support", "PJSIP/1001", 2);
                try (Database database = Database.connect(new DatabaseSettings(
                        "jdbc:postgresql://127.0.0.1:" + postgresPort + "/omniline",
                        "postgres",
                        Files.readString(dataDir.resolve("omniline-password")).strip(),
                        1,
                        Duration.ofSeconds(5)))) {
                    InteractionRepository interactions = database.repositories().interactions();
                    interactions.queue(
                            interactions
                                    .open(NewInteraction.inboundCall(inQueue, null, null, null))
                                    .id(),
                            "support",
                            0);
                    database.repositories()
                            .agents()
                            .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test");
                }
                Thread caller;
                try (SlowLink slow = new SlowLink(agiPort, Duration.ofMillis(400))) {
                    caller = Thread.ofVirtual().start(() -> {
                        try {
                            AsteriskAgiCall.of(
                                            AgiEnvironment.call(inIvr, "15551234567", "100", PAST_THE_HOURS),
                                            press("1"),
                                            press("12345678#"),
                                            press("2"))
                                    .run(slow.port());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    Thread.sleep(1_200);
                    queued.subList(AmiScripts.indexOf(queued, "Event: QueueCallerJoin"), queued.size())
                            .forEach(asterisk::emit);
                    assertThat(process.toHandle().destroy()).isTrue();
                    caller.join(30_000);
                }
                assertThat(process.waitFor(60, TimeUnit.SECONDS))
                        .as("stopped within 60 s")
                        .isTrue();
                lines.lines().forEach(output::add);
            } finally {
                process.destroyForcibly();
            }
            assertThat(process.exitValue()).as("exit code after SIGTERM").isEqualTo(143);
        }

        assertThat(output)
                .anyMatch(line -> line.contains("Omniline stopped"))
                .noneMatch(line -> DATABASE_TROUBLE.matcher(line).find());
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir, 0, false);
                Database database = Database.connect(new DatabaseSettings(
                        again.jdbcUrl("omniline"), again.user(), again.password(), 1, Duration.ofSeconds(5)))) {
            InteractionRepository interactions = database.repositories().interactions();
            assertThat(interactions
                            .findByExternalId(Channel.voice, inIvr)
                            .orElseThrow()
                            .state())
                    .as("the caller in the IVR was handed on and that was stored")
                    .isNotEqualTo(InteractionState.ivr);
            assertThat(interactions
                            .findByExternalId(Channel.voice, inQueue)
                            .orElseThrow()
                            .state())
                    .as("the call's AMI events were stored")
                    .isEqualTo(InteractionState.wrap_up);
        }
    }

    /**
     * The shipped main flow entered after its opening-hours check, as a call back from a queue
     * resumes it: Omniline runs in its own process on the real clock, and at night the hours node
     * would send the caller to voicemail, where the call rightly stays in the IVR.
     */
    private static final String PAST_THE_HOURS = "ivr?node=welcome";

    private static final Pattern UP_WITH_AGI =
            Pattern.compile("Omniline is up: http://127\\.0\\.0\\.1:(\\d+)/health, FastAGI on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern EMBEDDED_PORT =
            Pattern.compile("embedded PostgreSQL listening on 127\\.0\\.0\\.1:(\\d+)");
    /** What a database stopped under Omniline's feet shows in its log. */
    private static final Pattern DATABASE_TROUBLE = Pattern.compile(
            "Exception| ERROR |HikariPool|terminating connection|Connection refused|not stored|could not be");

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static Matcher awaitLine(BufferedReader lines, List<String> output, Pattern wanted) throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            output.add(line);
            Matcher matcher = wanted.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new AssertionError("Omniline exited before it was up:\n" + String.join("\n", output));
    }

    private static Matcher firstMatch(List<String> output, Pattern wanted) {
        for (String line : output) {
            Matcher matcher = wanted.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new AssertionError(wanted + " not in the output:\n" + String.join("\n", output));
    }

    private static int awaitPort(BufferedReader lines, List<String> output) throws Exception {
        return Integer.parseInt(awaitLine(lines, output, UP).group(1));
    }
}
