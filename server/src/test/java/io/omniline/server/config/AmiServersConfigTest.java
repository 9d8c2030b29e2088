package io.omniline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ami.servers}: several Asterisk servers, and the single-server keys still meaning one named default. */
class AmiServersConfigTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void theSingleServerKeysAreOneServerNamedDefault() {
        OmnilineConfig config =
                loader.load(null, Map.of("OMNILINE_AMI_HOST", "pbx.example", "OMNILINE_AMI_SECRET", "x"));

        assertThat(config.ami().serverList())
                .containsExactly(
                        new OmnilineConfig.Ami.Server("default", "pbx.example", 5038, "omniline", "x", 5, 20, 30, 60));
    }

    @Test
    void eachListedServerTakesTheKeysItLeavesOutFromAmi() throws IOException {
        Path file = write("""
                ami:
                  secret: shared
                  pingSeconds: 10
                  servers:
                    - name: east
                      host: pbx-east.example
                    - name: west
                      host: pbx-west.example
                      port: 5039
                      username: west
                      secret: other
                      reconcileSeconds: 30
                """);

        List<OmnilineConfig.Ami.Server> servers =
                loader.load(file, Map.of()).ami().serverList();

        assertThat(servers)
                .containsExactly(
                        new OmnilineConfig.Ami.Server(
                                "east", "pbx-east.example", 5038, "omniline", "shared", 5, 10, 30, 60),
                        new OmnilineConfig.Ami.Server(
                                "west", "pbx-west.example", 5039, "west", "other", 5, 10, 30, 30));
        assertThat(servers.toString()).doesNotContain("shared", "other");
    }

    @Test
    void aServerWithoutANameOrNamedTwiceIsRefused() throws IOException {
        Path unnamed = write("""
                ami:
                  servers:
                    - host: pbx.example
                """);
        assertThatThrownBy(() -> loader.load(unnamed, Map.of()).ami().serverList())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs a name");

        Path twice = write("""
                ami:
                  servers:
                    - name: east
                    - name: east
                """);
        assertThatThrownBy(() -> loader.load(twice, Map.of()).ami().serverList())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'east' twice");
    }

    @Test
    void aListedServerAwayFromThisMachineWithTheDefaultSecretIsRefusedByName() throws IOException {
        Path file = write("""
                ami:
                  secret: not-the-default
                  servers:
                    - name: local
                    - name: far
                      host: 192.0.2.10
                      secret: omniline
                """);

        assertThatThrownBy(() -> UnsafeDefaults.refuse(loader.load(file, Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ami.servers 'far'");
    }

    @Test
    void serversIsAListAndAnUnknownKeyInAServerIsNamed() throws IOException {
        Path notAList = write("""
                ami:
                  servers: east
                """);
        assertThatThrownBy(() -> loader.load(notAList, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ami.servers is a list");

        Path typo = write("""
                ami:
                  servers:
                    - name: east
                      hots: pbx.example
                """);
        assertThatThrownBy(() -> loader.load(typo, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ami.servers[0].hots");
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "omniline", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
