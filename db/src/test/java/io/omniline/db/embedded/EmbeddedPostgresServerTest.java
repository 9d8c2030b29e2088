package io.omniline.db.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @Test
    void dataSurvivesARestartInTheSameDirectory(@TempDir Path dataDirectory) throws SQLException {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDirectory, 0, false)) {
            first.ensureDatabase("omniline");
            try (Connection connection = connect(first, first.password())) {
                connection.createStatement().execute("CREATE TABLE kept (note text)");
                connection.createStatement().execute("INSERT INTO kept VALUES ('still here')");
            }
        }

        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(dataDirectory, 0, false)) {
            second.ensureDatabase("omniline");
            assertThat(note(second)).isEqualTo("still here");
        }
    }

    @Test
    void aNewClusterWantsItsGeneratedPasswordFromEveryone(@TempDir Path dataDirectory) throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0, false)) {
            server.ensureDatabase("omniline");

            assertRefused(server, null);
            assertRefused(server, "postgres");
            try (Connection connection = connect(server, server.password())) {
                assertThat(connection.isValid(1)).isTrue();
            }
            assertKeptPrivately(dataDirectory, server.password());
        }
    }

    @Test
    void aClusterThatTrustedEveryLocalConnectionStopsTrustingOnItsNextStart(@TempDir Path dataDirectory)
            throws Exception {
        // Made as the embedded server made every cluster before: initdb -A trust, no password at all.
        try (EmbeddedPostgres before = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
                Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + before.getPort() + "/postgres", "postgres", null)) {
            connection.createStatement().execute("CREATE DATABASE omniline");
            try (Connection omniline = DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + before.getPort() + "/omniline", "postgres", null)) {
                omniline.createStatement().execute("CREATE TABLE kept (note text)");
                omniline.createStatement().execute("INSERT INTO kept VALUES ('from before')");
            }
        }

        String password;
        try (EmbeddedPostgresServer upgraded = EmbeddedPostgresServer.start(dataDirectory, 0, false)) {
            password = upgraded.password();
            assertRefused(upgraded, null);
            assertThat(note(upgraded)).isEqualTo("from before");
            assertKeptPrivately(dataDirectory, password);
            assertThat(Files.readString(dataDirectory.resolve("pg_hba.conf"))).doesNotContain("trust");
        }

        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDirectory, 0, false)) {
            assertThat(again.password()).isEqualTo(password);
            assertRefused(again, null);
            assertThat(note(again)).isEqualTo("from before");
        }
    }

    private static void assertKeptPrivately(Path dataDirectory, String password) throws Exception {
        Path kept = dataDirectory.resolve(SuperuserPassword.FILE);
        assertThat(Files.readString(kept).strip()).isEqualTo(password);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)))
                .isEqualTo("rw-------");
    }

    private static void assertRefused(EmbeddedPostgresServer server, String password) {
        assertThatThrownBy(() -> connect(server, password).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
    }

    private static String note(EmbeddedPostgresServer server) throws SQLException {
        try (Connection connection = connect(server, server.password());
                ResultSet rows = connection.createStatement().executeQuery("SELECT note FROM kept")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static Connection connect(EmbeddedPostgresServer server, String password) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("omniline"), server.user(), password);
    }
}
