package io.omniline.db.testing;

import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import java.time.Duration;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh, fully migrated PostgreSQL database for one test class:
 * {@code @RegisterExtension static final TestDatabase db = new TestDatabase();}
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    private String name;
    private Database database;

    @Override
    public void beforeAll(ExtensionContext context) {
        name = SharedPostgres.get().createDatabase();
        database = Database.connect(settings());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        database.close();
        SharedPostgres.get().dropDatabase(name);
    }

    public Database database() {
        return database;
    }

    public DSLContext dsl() {
        return database.dsl();
    }

    /** Settings that reach this class's database, for code under test that opens its own pool. */
    public DatabaseSettings settings() {
        SharedPostgres postgres = SharedPostgres.get();
        return new DatabaseSettings(postgres.jdbcUrl(name), postgres.user(), postgres.password(), 4, Duration.ofSeconds(10));
    }

    /**
     * A further fresh database outside any test class's life cycle, for a test that destroys
     * it on purpose (a lost database); nothing else drops it, the test server goes with the JVM.
     */
    public static DatabaseSettings createAnother() {
        SharedPostgres postgres = SharedPostgres.get();
        String name = postgres.createDatabase();
        return new DatabaseSettings(postgres.jdbcUrl(name), postgres.user(), postgres.password(), 4, Duration.ofSeconds(10));
    }

    /** Drops a database while clients may still be connected, as losing the server would. */
    public static void drop(DatabaseSettings settings) {
        SharedPostgres.get().dropDatabase(settings.jdbcUrl().substring(settings.jdbcUrl().lastIndexOf('/') + 1));
    }
}
