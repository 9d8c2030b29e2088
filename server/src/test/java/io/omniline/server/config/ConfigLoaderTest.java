package io.omniline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void withNothingConfiguredOmnilineRunsOnOneMachine() {
        OmnilineConfig config = loader.load(null, Map.of());

        assertThat(config).isEqualTo(OmnilineConfig.defaults());
        assertThat(config.database().useEmbedded()).isTrue();
        assertThat(config.http().port()).isEqualTo(8080);
    }

    @Test
    void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws IOException {
        Path file = write("""
                http:
                  port: 9000
                database:
                  url: jdbc:postgresql://db.example:5432/omniline
                  user: omni
                  embedded:
                    dataDir: /var/lib/omniline
                """);

        OmnilineConfig config = loader.load(
                file,
                Map.of(
                        "OMNILINE_HTTP_PORT", "9100",
                        "OMNILINE_DATABASE_PASSWORD", "s3cret",
                        "OMNILINE_IDENTITY_DEFAULT_REGION", "GB",
                        "PATH", "/usr/bin"));

        assertThat(config.http()).isEqualTo(new OmnilineConfig.Http("127.0.0.1", 9100));
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://db.example:5432/omniline");
        assertThat(config.database().user()).isEqualTo("omni");
        assertThat(config.database().password()).isEqualTo("s3cret");
        assertThat(config.database().poolSize()).isEqualTo(20);
        assertThat(config.database().embedded().dataDir()).isEqualTo("/var/lib/omniline");
        assertThat(config.database().useEmbedded()).isFalse();
        assertThat(config.identity().defaultRegion()).isEqualTo("GB");
    }

    @Test
    void everyKeyHasAnEnvironmentVariable() {
        assertThat(ConfigLoader.environmentName("database.embedded.dataDir"))
                .isEqualTo("OMNILINE_DATABASE_EMBEDDED_DATA_DIR");
        assertThat(loader.load(null, Map.of("OMNILINE_DATABASE_EMBEDDED_DATA_DIR", "/srv/pg"))
                        .database()
                        .embedded()
                        .dataDir())
                .isEqualTo("/srv/pg");
    }

    @Test
    void theWebAndSessionSettingsComeFromTheEnvironmentToo() {
        OmnilineConfig config = loader.load(
                null,
                Map.of(
                        "OMNILINE_HTTP_PUBLIC_ORIGINS", "https://desk.example.com",
                        "OMNILINE_HTTP_TRUSTED_PROXIES", "10.0.0.0/8",
                        "OMNILINE_HTTP_SECURE_COOKIES", "true",
                        "OMNILINE_AUTH_SESSION_MAX_HOURS", "10",
                        "OMNILINE_AUTH_MAX_FAILURES_PER_LOGIN_AND_ADDRESS", "3"));

        assertThat(config.http())
                .isEqualTo(new OmnilineConfig.Http("127.0.0.1", 8080, "https://desk.example.com", "10.0.0.0/8", true));
        assertThat(config.auth().sessionMaxHours()).isEqualTo(10);
        assertThat(config.auth().maxFailuresPerLoginAndAddress()).isEqualTo(3);
    }

    @Test
    void anUnknownKeyIsAnErrorThatNamesIt() throws IOException {
        Path file = write("""
                http:
                  prot: 9000
                """);

        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key http.prot")
                .hasMessageContaining("http.port");
    }

    @Test
    void anUnknownEnvironmentVariableIsAnError() {
        assertThatThrownBy(() -> loader.load(null, Map.of("OMNILINE_HTTP_PROT", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown environment variable OMNILINE_HTTP_PROT")
                .hasMessageContaining("OMNILINE_HTTP_PORT");
    }

    @Test
    void aWrongTypeIsAnErrorThatNamesTheKey() throws IOException {
        Path file = write("""
                http:
                  port: eighty
                """);

        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port has the wrong type: expected a whole number");
        assertThatThrownBy(() -> loader.load(null, Map.of("OMNILINE_DATABASE_POOL_SIZE", "many")))
                .hasMessageContaining("database.poolSize has the wrong type");
        assertThatThrownBy(() -> loader.load(write("http:\n  port: 80.5\n"), Map.of()))
                .hasMessageContaining("http.port has the wrong type");
    }

    @Test
    void sectionsAndValuesCannotBeSwapped() throws IOException {
        assertThatThrownBy(() -> loader.load(write("http: 8080\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http is a section");
        assertThatThrownBy(() -> loader.load(write("http:\n  port:\n    number: 1\n"), Map.of()))
                .hasMessageContaining("http.port takes a single value");
    }

    @Test
    void aMissingOrBrokenFileSaysWhich() throws IOException {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> loader.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration file " + missing + " does not exist");
        assertThatThrownBy(() -> loader.load(write("http:\n  port: [1\n"), Map.of()))
                .hasMessageContaining("is not valid YAML: line");
        assertThat(loader.load(write(""), Map.of())).isEqualTo(OmnilineConfig.defaults());
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "omniline", ".yaml");
        return Files.writeString(file, yaml);
    }
}
