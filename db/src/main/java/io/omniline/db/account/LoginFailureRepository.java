package io.omniline.db.account;

import static io.omniline.db.jooq.Tables.LOGIN_FAILURE;

import java.time.Duration;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Failed logins, counted per login and per address over a recent window, on every node alike. */
public final class LoginFailureRepository {

    private final DSLContext dsl;

    public LoginFailureRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void record(String login, String address) {
        dsl.insertInto(LOGIN_FAILURE)
                .set(LOGIN_FAILURE.LOGIN, AccountRepository.canonicalLogin(login))
                .set(LOGIN_FAILURE.ADDRESS, address)
                .execute();
    }

    /** Failures within the window: for this login, and from this address. */
    public Counts recent(String login, String address, Duration window) {
        var since = DSL.condition("{0} > now() - {1}::interval", LOGIN_FAILURE.AT, DSL.val(window.toSeconds() + " seconds"));
        int byLogin = dsl.fetchCount(LOGIN_FAILURE, LOGIN_FAILURE.LOGIN.eq(AccountRepository.canonicalLogin(login)).and(since));
        int byAddress = dsl.fetchCount(LOGIN_FAILURE, LOGIN_FAILURE.ADDRESS.eq(address).and(since));
        return new Counts(byLogin, byAddress);
    }

    /** A good login forgets that login's earlier failures. */
    public void clear(String login) {
        dsl.deleteFrom(LOGIN_FAILURE).where(LOGIN_FAILURE.LOGIN.eq(AccountRepository.canonicalLogin(login))).execute();
    }

    public record Counts(int byLogin, int byAddress) {
    }
}
