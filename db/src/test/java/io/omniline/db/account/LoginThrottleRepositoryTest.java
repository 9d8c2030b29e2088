package io.omniline.db.account;

import static io.omniline.db.jooq.Tables.LOGIN_THROTTLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.testing.TestDatabase;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginThrottleRepositoryTest {

    private static final Duration WINDOW = Duration.ofMinutes(15);

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final LoginThrottleRepository throttle = new LoginThrottleRepository(db.dsl());

    @Test
    void parallelTriesEachGetTheirOwnCountSoOnlyTheAllowedFewGoAhead() throws Exception {
        String login = "kim-" + UUID.randomUUID();
        List<Callable<Optional<Long>>> tries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tries.add(() -> throttle.admit(login, "198.51.100.7", WINDOW, 5, 100));
        }
        int admitted = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (Future<Optional<Long>> result : pool.invokeAll(tries)) {
                admitted += result.get().isEmpty() ? 1 : 0;
            }
        }

        assertThat(admitted).isEqualTo(5);
    }

    @Test
    void theLimitIsPerLoginAndAddressWithACapPerAddressAndAGoodLoginTakesItsTryBack() {
        String login = "lee-" + UUID.randomUUID();
        String attacker = "203.0.113." + (int) (Math.random() * 250);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.admit(login, attacker, WINDOW, 3, 6)).isEmpty();
        }
        assertThat(throttle.admit(login.toUpperCase(), attacker, WINDOW, 3, 6))
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, WINDOW.toSeconds()));
        assertThat(throttle.admit(login, "192.0.2.1", WINDOW, 3, 6))
                .as("the same login elsewhere")
                .isEmpty();

        throttle.succeeded(login, "192.0.2.1");
        assertThat(count("", "192.0.2.1"))
                .as("a good login is no failure of its address")
                .isZero();

        assertThat(throttle.admit("other-" + UUID.randomUUID(), attacker, WINDOW, 3, 6))
                .isEmpty();
        assertThat(throttle.admit("other-" + UUID.randomUUID(), attacker, WINDOW, 3, 6))
                .isEmpty();
        assertThat(throttle.admit("other-" + UUID.randomUUID(), attacker, WINDOW, 3, 6))
                .as("the address's seventh")
                .isPresent();
    }

    @Test
    void aPassedWindowStartsAgainAndIsPurged() {
        String login = "max-" + UUID.randomUUID();
        String address = "198.51.100.200";
        for (int i = 0; i < 3; i++) {
            throttle.admit(login, address, WINDOW, 2, 100);
        }
        assertThat(throttle.admit(login, address, WINDOW, 2, 100)).isPresent();
        db.dsl()
                .update(LOGIN_THROTTLE)
                .set(
                        LOGIN_THROTTLE.WINDOW_START,
                        OffsetDateTime.now().minus(WINDOW).minusSeconds(1))
                .where(LOGIN_THROTTLE.ADDRESS.eq(address))
                .execute();

        assertThat(throttle.purge(WINDOW)).isEqualTo(2);
        assertThat(throttle.admit(login, address, WINDOW, 2, 100)).isEmpty();
        assertThat(count(login, address)).isEqualTo(1);
    }

    private int count(String login, String address) {
        return db.dsl()
                .select(LOGIN_THROTTLE.ATTEMPTS)
                .from(LOGIN_THROTTLE)
                .where(LOGIN_THROTTLE.LOGIN.eq(login).and(LOGIN_THROTTLE.ADDRESS.eq(address)))
                .fetchOptional(LOGIN_THROTTLE.ATTEMPTS)
                .orElse(0);
    }
}
