package io.omniline.db.testing;

import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.Repositories;
import io.omniline.db.Transactions;
import java.time.Duration;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh, fully migrated PostgreSQL database for one test class:
 * {@code @RegisterExtension static final TestDatabase db = new TestDatabase();}
 * or, for tests of something global to a database (a queue every agent shares), one per test:
 * {@code @RegisterExtension final TestDatabase db = TestDatabase.perTest();}
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final boolean perTest;
    private String name;
    private Database database;

    public TestDatabase() {
        this(false);
    }

    private TestDatabase(boolean perTest) {
        this.perTest = perTest;
    }

    public static TestDatabase perTest() {
        return new TestDatabase(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            open();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perTest) {
            close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            open();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            close();
        }
    }

    private void open() {
        name = SharedPostgres.get().createDatabase();
        database = Database.connect(settings());
    }

    private void close() {
        database.close();
        SharedPostgres.get().dropDatabase(name);
    }

    public Database database() {
        return database;
    }

    public DSLContext dsl() {
        return database.dsl();
    }

    public Repositories repositories() {
        return database.repositories();
    }

    public Transactions transactions() {
        return database.transactions();
    }

    /** Settings that reach this class's database, for code under test that opens its own pool. */
    public DatabaseSettings settings() {
        SharedPostgres postgres = SharedPostgres.get();
        return new DatabaseSettings(
                postgres.jdbcUrl(name), postgres.user(), postgres.password(), 4, Duration.ofSeconds(10));
    }

    /**
     * A database outage, until the returned handle is closed: new connections are refused and
     * the open ones are cut, so the code under test sees what it would see with the server down.
     */
    public Outage outage() {
        SharedPostgres.get().stopServing(name);
        return () -> SharedPostgres.get().resumeServing(name);
    }

    /** Ends an {@link #outage()}: the database serves again. */
    @FunctionalInterface
    public interface Outage extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A further fresh database outside any test class's life cycle, for a test that destroys
     * it on purpose (a lost database); nothing else drops it, the test server goes with the JVM.
     */
    public static DatabaseSettings createAnother() {
        SharedPostgres postgres = SharedPostgres.get();
        String name = postgres.createDatabase();
        return new DatabaseSettings(
                postgres.jdbcUrl(name), postgres.user(), postgres.password(), 4, Duration.ofSeconds(10));
    }

    /** Drops a database while clients may still be connected, as losing the server would. */
    public static void drop(DatabaseSettings settings) {
        SharedPostgres.get()
                .dropDatabase(settings.jdbcUrl().substring(settings.jdbcUrl().lastIndexOf('/') + 1));
    }
}
