package io.omniline.db.testing;

import io.omniline.db.Migrations;
import io.omniline.db.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One PostgreSQL server per test JVM and one migrated template database; every test class
 * gets its own database cloned from the template, which is far faster than migrating anew.
 *
 * <p>With {@code OMNILINE_TEST_DATABASE_URL} set (a JDBC URL with a user allowed to create
 * databases), that server is used instead of an embedded one.
 */
final class SharedPostgres {

    static final String EXTERNAL_URL_VARIABLE = "OMNILINE_TEST_DATABASE_URL";

    private static SharedPostgres instance;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final String template = "omniline_template_" + runId;
    private final AtomicInteger counter = new AtomicInteger();

    private SharedPostgres(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    static synchronized SharedPostgres get() {
        if (instance == null) {
            instance = start();
            instance.createTemplate();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::dropTemplateQuietly, "drop-test-template"));
        }
        return instance;
    }

    private static SharedPostgres start() {
        String external = System.getenv(EXTERNAL_URL_VARIABLE);
        if (external != null && !external.isBlank()) {
            Properties props = Driver.parseURL(external, new Properties());
            if (props == null) {
                throw new IllegalArgumentException(
                        EXTERNAL_URL_VARIABLE + " is not a PostgreSQL JDBC URL: " + external);
            }
            return new SharedPostgres(
                    PGProperty.PG_HOST.getOrDefault(props),
                    Integer.parseInt(PGProperty.PG_PORT.getOrDefault(props)),
                    PGProperty.USER.getOrDefault(props),
                    PGProperty.PASSWORD.getOrDefault(props));
        }
        try {
            EmbeddedPostgresServer server =
                    EmbeddedPostgresServer.start(Files.createTempDirectory("omniline-test-pg"), 0, true);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-test-postgres"));
            return new SharedPostgres("127.0.0.1", server.port(), server.user(), server.password());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** A new database with the full schema and no rows. */
    String createDatabase() {
        String name = "omniline_test_" + runId + "_" + counter.incrementAndGet();
        execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        return name;
    }

    void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Refuses new connections to the database and ends those it has, as a database outage looks to its clients. */
    void stopServing(String name) {
        execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }

    void resumeServing(String name) {
        execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }

    private void createTemplate() {
        execute("CREATE DATABASE " + template);
        PGSimpleDataSource templateSource = new PGSimpleDataSource();
        templateSource.setUrl(jdbcUrl(template));
        templateSource.setUser(user);
        templateSource.setPassword(password);
        Migrations.migrate(templateSource);
    }

    private void dropTemplateQuietly() {
        try {
            dropDatabase(template);
        } catch (RuntimeException ignored) {
            // The embedded server may already be gone at JVM exit; its data directory goes with it.
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
