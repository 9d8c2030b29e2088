package io.omniline.db.account;

import static io.omniline.db.jooq.Tables.LOGIN_THROTTLE;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Login tries per (login, client address) and per address within a fixed window, counted in
 * PostgreSQL so every node sees the same numbers. A try is counted before its password is
 * checked, in one upsert per key, so however many arrive at once each gets its own number and
 * only the first few are let through; a good login then takes its try back.
 */
public final class LoginThrottleRepository {

    /** The row that counts every login from an address. */
    private static final String ANY_LOGIN = "";

    private final DSLContext dsl;

    public LoginThrottleRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Counts one try of {@code login} from {@code address}.
     *
     * @return empty when it may go ahead, else how many seconds until the window that refuses it ends
     */
    public Optional<Long> admit(String login, String address, Duration window, int perLoginAndAddress, int perAddress) {
        String canonical = AccountRepository.canonicalLogin(login);
        Field<Boolean> passed =
                DSL.field("{0} <= now() - {1}::interval", Boolean.class, LOGIN_THROTTLE.WINDOW_START, interval(window));
        var insert = dsl.insertInto(
                LOGIN_THROTTLE,
                LOGIN_THROTTLE.LOGIN,
                LOGIN_THROTTLE.ADDRESS,
                LOGIN_THROTTLE.ATTEMPTS,
                LOGIN_THROTTLE.WINDOW_START);
        // Pair before address in every statement, so two upserts never wait on each other in a circle.
        var values = canonical.isEmpty()
                ? insert.values(DSL.val(ANY_LOGIN), DSL.val(address), DSL.val(1), DSL.currentOffsetDateTime())
                : insert.values(DSL.val(canonical), DSL.val(address), DSL.val(1), DSL.currentOffsetDateTime())
                        .values(DSL.val(ANY_LOGIN), DSL.val(address), DSL.val(1), DSL.currentOffsetDateTime());
        Condition expired = DSL.condition(passed);
        List<Counted> counted = values.onConflict(LOGIN_THROTTLE.LOGIN, LOGIN_THROTTLE.ADDRESS)
                .doUpdate()
                .set(
                        LOGIN_THROTTLE.ATTEMPTS,
                        DSL.when(expired, DSL.inline(1)).otherwise(LOGIN_THROTTLE.ATTEMPTS.plus(1)))
                .set(
                        LOGIN_THROTTLE.WINDOW_START,
                        DSL.when(expired, DSL.currentOffsetDateTime()).otherwise(LOGIN_THROTTLE.WINDOW_START))
                .returningResult(
                        LOGIN_THROTTLE.LOGIN,
                        LOGIN_THROTTLE.ATTEMPTS,
                        DSL.field(
                                "ceil(extract(epoch from {0} + {1}::interval - now()))",
                                Long.class, LOGIN_THROTTLE.WINDOW_START, interval(window)))
                .fetch(row -> new Counted(
                        row.value1().isEmpty() ? perAddress : perLoginAndAddress,
                        row.value2(),
                        Math.max(1, row.value3())));
        return counted.stream()
                .filter(row -> row.attempts() > row.limit())
                .map(Counted::secondsLeft)
                .max(Comparator.naturalOrder());
    }

    /** A good login: this login's failures from this address are forgotten and its try no longer counts. */
    public void succeeded(String login, String address) {
        String canonical = AccountRepository.canonicalLogin(login);
        dsl.transaction(config -> {
            DSLContext tx = config.dsl();
            tx.deleteFrom(LOGIN_THROTTLE)
                    .where(LOGIN_THROTTLE.LOGIN.eq(canonical).and(LOGIN_THROTTLE.ADDRESS.eq(address)))
                    .and(LOGIN_THROTTLE.LOGIN.ne(ANY_LOGIN))
                    .execute();
            tx.update(LOGIN_THROTTLE)
                    .set(LOGIN_THROTTLE.ATTEMPTS, LOGIN_THROTTLE.ATTEMPTS.minus(1))
                    .where(LOGIN_THROTTLE
                            .LOGIN
                            .eq(ANY_LOGIN)
                            .and(LOGIN_THROTTLE.ADDRESS.eq(address))
                            .and(LOGIN_THROTTLE.ATTEMPTS.gt(0)))
                    .execute();
        });
    }

    /** Drops counts whose window has passed; returns how many. */
    public int purge(Duration window) {
        return dsl.deleteFrom(LOGIN_THROTTLE)
                .where(DSL.condition("{0} <= now() - {1}::interval", LOGIN_THROTTLE.WINDOW_START, interval(window)))
                .execute();
    }

    private static Field<String> interval(Duration window) {
        return DSL.val(window.toSeconds() + " seconds");
    }

    private record Counted(int limit, int attempts, long secondsLeft) {}
}
