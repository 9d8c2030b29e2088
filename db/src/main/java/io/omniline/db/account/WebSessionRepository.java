package io.omniline.db.account;

import static io.omniline.db.jooq.Tables.ACCOUNT;
import static io.omniline.db.jooq.Tables.WEB_SESSION;

import java.time.Duration;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Browser sessions, keyed by a hash of the cookie's token. A session is valid until it expires
 * or is ended, and only while its account is enabled; each use slides the expiry forward, but
 * never past the session's absolute end, counted from its creation.
 */
public final class WebSessionRepository {

    private final DSLContext dsl;

    public WebSessionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** How long a session lasts: {@code idle} after its last use, and never longer than {@code absolute} in all. */
    public record Lifetime(Duration idle, Duration absolute) {

        public Lifetime {
            if (idle.isNegative() || idle.isZero() || absolute.isNegative() || absolute.isZero()) {
                throw new IllegalArgumentException("session lifetimes must be positive");
            }
        }
    }

    public void create(byte[] tokenHash, long accountId, String csrfToken, Lifetime lifetime) {
        Duration first = lifetime.idle().compareTo(lifetime.absolute()) < 0 ? lifetime.idle() : lifetime.absolute();
        dsl.insertInto(WEB_SESSION)
                .set(WEB_SESSION.TOKEN_HASH, tokenHash)
                .set(WEB_SESSION.ACCOUNT_ID, accountId)
                .set(WEB_SESSION.CSRF_TOKEN, csrfToken)
                .set(
                        WEB_SESSION.EXPIRES_AT,
                        DSL.field("now() + {0}::interval", WEB_SESSION.EXPIRES_AT.getDataType(), interval(first)))
                .execute();
    }

    /** The live session for this token hash, its expiry moved to the idle lifetime from now, within the absolute one. */
    public Optional<WebSession> use(byte[] tokenHash, Lifetime lifetime) {
        return dsl.update(WEB_SESSION)
                .set(WEB_SESSION.LAST_SEEN_AT, DSL.currentOffsetDateTime())
                .set(
                        WEB_SESSION.EXPIRES_AT,
                        DSL.field(
                                "least(now() + {0}::interval, {1} + {2}::interval)",
                                WEB_SESSION.EXPIRES_AT.getDataType(),
                                interval(lifetime.idle()),
                                WEB_SESSION.CREATED_AT,
                                interval(lifetime.absolute())))
                .from(ACCOUNT)
                .where(WEB_SESSION
                        .TOKEN_HASH
                        .eq(tokenHash)
                        .and(WEB_SESSION.EXPIRES_AT.gt(DSL.currentOffsetDateTime()))
                        .and(withinAbsolute(lifetime.absolute()))
                        .and(ACCOUNT.ID.eq(WEB_SESSION.ACCOUNT_ID))
                        .and(ACCOUNT.DISABLED.isFalse()))
                .returningResult(
                        ACCOUNT.ID,
                        ACCOUNT.LOGIN,
                        ACCOUNT.ROLE,
                        ACCOUNT.AGENT_ID,
                        WEB_SESSION.CSRF_TOKEN,
                        WEB_SESSION.EXPIRES_AT)
                .fetchOptional(row -> new WebSession(
                        new Account(row.value1(), row.value2(), row.value3(), row.value4(), false),
                        row.value5(),
                        row.value6()));
    }

    /** Whether the session is still good, without counting this as a use. */
    public boolean isLive(byte[] tokenHash, Lifetime lifetime) {
        return dsl.fetchExists(dsl.selectOne()
                .from(WEB_SESSION)
                .join(ACCOUNT)
                .on(ACCOUNT.ID.eq(WEB_SESSION.ACCOUNT_ID))
                .where(WEB_SESSION
                        .TOKEN_HASH
                        .eq(tokenHash)
                        .and(WEB_SESSION.EXPIRES_AT.gt(DSL.currentOffsetDateTime()))
                        .and(withinAbsolute(lifetime.absolute()))
                        .and(ACCOUNT.DISABLED.isFalse())));
    }

    public void end(byte[] tokenHash) {
        dsl.deleteFrom(WEB_SESSION).where(WEB_SESSION.TOKEN_HASH.eq(tokenHash)).execute();
    }

    /** Removes sessions that expired, or outlived {@code absolute}; returns how many. */
    public int purgeExpired(Duration absolute) {
        return dsl.deleteFrom(WEB_SESSION)
                .where(WEB_SESSION.EXPIRES_AT.le(DSL.currentOffsetDateTime()).or(DSL.not(withinAbsolute(absolute))))
                .execute();
    }

    private static Condition withinAbsolute(Duration absolute) {
        return DSL.condition("{0} + {1}::interval > now()", WEB_SESSION.CREATED_AT, interval(absolute));
    }

    private static Field<String> interval(Duration duration) {
        return DSL.val(duration.toSeconds() + " seconds");
    }
}
