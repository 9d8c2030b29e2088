package io.omniline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aDatabaseThatIsDownAtStartGivesOneClearMessageAndAFailingExit() {
        int code = main(
                Map.of(
                        "OMNILINE_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/omniline",
                        "OMNILINE_DATABASE_CONNECT_TIMEOUT_SECONDS", "2",
                        "OMNILINE_HTTP_PORT", "0"),
                "run");

        assertThat(code).isEqualTo(Main.FAILED);
        assertThat(stderr())
                .startsWith("omniline: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/omniline: ")
                .contains("check database.url")
                .doesNotContain("\tat ")
                .hasLineCount(2);
    }

    @Test
    void aBadConfigurationIsAUsageError() {
        int code = main(Map.of("OMNILINE_HTTP_PORT", "eighty"), "run");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(stderr())
                .isEqualTo("omniline: configuration key http.port has the wrong type: expected a whole number\n");
    }

    @Test
    void theDefaultAmiSecretIsRefusedForAnAsteriskOnAnotherMachine() {
        int code = main(
                Map.of(
                        "OMNILINE_AMI_HOST", "192.0.2.10",
                        "OMNILINE_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/omniline",
                        "OMNILINE_DATABASE_CONNECT_TIMEOUT_SECONDS", "2",
                        "OMNILINE_HTTP_PORT", "0"),
                "run");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(stderr())
                .startsWith("omniline: ami.secret is still the default 'omniline' while ami.host (192.0.2.10)")
                .contains("OMNILINE_AMI_SECRET")
                .hasLineCount(1);
    }

    @Test
    void unknownCommandsAndOptionsPrintTheUsage() {
        assertThat(main(Map.of(), "serve")).isEqualTo(Main.USAGE);
        assertThat(stderr()).contains("unknown command \"serve\"").contains("usage: omniline run");

        err.reset();
        assertThat(main(Map.of(), "seed", "--customers", "lots")).isEqualTo(Main.USAGE);
        assertThat(stderr()).contains("--customers takes a whole number, not \"lots\"");

        err.reset();
        assertThat(main(Map.of(), "run", "--port", "1")).isEqualTo(Main.USAGE);
        assertThat(stderr()).contains("run does not take \"--port\"");

        err.reset();
        assertThat(main(Map.of(), "run", "--config")).isEqualTo(Main.USAGE);
        assertThat(stderr()).contains("--config needs a value");
    }

    @Test
    void resetPasswordNeedsTheLogin() {
        assertThat(main(Map.of(), "reset-password")).isEqualTo(Main.USAGE);
        assertThat(stderr())
                .contains("reset-password needs the login, as in: omniline reset-password admin")
                .contains("omniline reset-password LOGIN");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        assertThat(main(Map.of(), "run", "--config", "/nonexistent/omniline.yaml"))
                .isEqualTo(Main.USAGE);
        assertThat(stderr()).isEqualTo("omniline: configuration file /nonexistent/omniline.yaml does not exist\n");
    }

    private int main(Map<String, String> environment, String... args) {
        return new Main(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        environment)
                .execute(args, false);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
