package io.omniline.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.testing.TestDatabase;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionGateTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void workPastThePoolWaitsForAConnectionInsteadOfFailing() throws Exception {
        try (Database database = Database.connect(onePooled(Duration.ofSeconds(30)));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            threads.submit(() -> database.dsl().transaction(config -> {
                holding.countDown();
                release.await();
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(
                    () -> database.dsl(Duration.ofSeconds(5))
                            .selectOne()
                            .fetchSingle()
                            .value1(),
                    threads);
            assertThat(waiting).isNotDone();
            release.countDown();

            assertThat(waiting.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    @Test
    void workThatWaitedPastTheTimeoutFailsInWords() throws Exception {
        try (Database database = Database.connect(onePooled(Duration.ofSeconds(1)));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            threads.submit(() -> database.dsl().transaction(config -> {
                holding.countDown();
                release.await();
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> database.dsl().selectOne().fetch())
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("no database connection came free within 1000 ms");
            release.countDown();

            assertThat(database.dsl().selectOne().fetchSingle().value1()).isEqualTo(1);
        }
    }

    private static DatabaseSettings onePooled(Duration timeout) {
        DatabaseSettings shared = db.settings();
        return new DatabaseSettings(shared.jdbcUrl(), shared.user(), shared.password(), 1, timeout);
    }
}
