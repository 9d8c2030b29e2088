package io.omniline.db.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @Test
    void dataSurvivesARestartInTheSameDirectory(@TempDir Path dataDirectory) throws SQLException {
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDirectory, 0, false)) {
            first.ensureDatabase("omniline");
            try (Connection connection = connect(first)) {
                connection.createStatement().execute("CREATE TABLE kept (note text)");
                connection.createStatement().execute("INSERT INTO kept VALUES ('still here')");
            }
        }

        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(dataDirectory, 0, false)) {
            second.ensureDatabase("omniline");
            try (Connection connection = connect(second);
                 ResultSet rows = connection.createStatement().executeQuery("SELECT note FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("still here");
            }
        }
    }

    private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("omniline"), server.user(), null);
    }
}
