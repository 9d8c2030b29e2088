package io.omniline.server.auth;

import static io.omniline.db.jooq.Tables.LOGIN_THROTTLE;
import static io.omniline.db.jooq.Tables.WEB_SESSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.account.Account;
import io.omniline.db.account.AccountRole;
import io.omniline.db.account.LoginThrottleRepository;
import io.omniline.db.account.WebSessionRepository;
import io.omniline.db.testing.TestDatabase;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ended sessions and passed login windows leave the database by themselves, on the purge's timer. */
class SessionPurgeTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void endedSessionsAndOldLoginCountsArePurgedOnTheTimerAndLiveOnesStay() throws Exception {
        WebSessionRepository sessions = db.repositories().webSessions();
        LoginThrottleRepository tries = db.repositories().loginThrottle();
        WebSessionRepository.Lifetime lifetime =
                new WebSessionRepository.Lifetime(Duration.ofHours(1), Duration.ofHours(8));
        Account kai = db.repositories()
                .accounts()
                .create("kai-" + UUID.randomUUID(), "hash", AccountRole.supervisor, null, "test");
        byte[] idle = token();
        byte[] old = token();
        byte[] live = token();
        sessions.create(idle, kai.id(), "csrf", lifetime);
        sessions.create(old, kai.id(), "csrf", lifetime);
        sessions.create(live, kai.id(), "csrf", lifetime);
        db.dsl()
                .update(WEB_SESSION)
                .set(WEB_SESSION.CREATED_AT, OffsetDateTime.now().minusHours(2))
                .set(WEB_SESSION.EXPIRES_AT, OffsetDateTime.now().minusMinutes(1))
                .where(WEB_SESSION.TOKEN_HASH.eq(idle))
                .execute();
        db.dsl()
                .update(WEB_SESSION)
                .set(WEB_SESSION.CREATED_AT, OffsetDateTime.now().minusHours(9))
                .where(WEB_SESSION.TOKEN_HASH.eq(old))
                .execute();
        tries.admit("kai", "203.0.113.1", Duration.ofMinutes(15), 5, 20);
        db.dsl()
                .update(LOGIN_THROTTLE)
                .set(LOGIN_THROTTLE.WINDOW_START, OffsetDateTime.now().minusMinutes(16))
                .where(LOGIN_THROTTLE.ADDRESS.eq("203.0.113.1"))
                .execute();

        try (SignedInSockets sockets = new SignedInSockets(db.database());
                SessionPurge purge = new SessionPurge(
                                sessions, tries, sockets, lifetime.absolute(), Duration.ofMinutes(15))
                        .start(Duration.ofMillis(100))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((exists(idle)
                            || exists(old)
                            || db.dsl().fetchExists(LOGIN_THROTTLE, LOGIN_THROTTLE.ADDRESS.eq("203.0.113.1")))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        assertThat(exists(idle)).as("idle too long").isFalse();
        assertThat(exists(old)).as("past its absolute lifetime").isFalse();
        assertThat(db.dsl().fetchExists(LOGIN_THROTTLE, LOGIN_THROTTLE.ADDRESS.eq("203.0.113.1")))
                .isFalse();
        assertThat(exists(live)).isTrue();
    }

    private static boolean exists(byte[] token) {
        return db.dsl().fetchExists(WEB_SESSION, WEB_SESSION.TOKEN_HASH.eq(token));
    }

    private static byte[] token() {
        return UUID.randomUUID().toString().getBytes();
    }
}
