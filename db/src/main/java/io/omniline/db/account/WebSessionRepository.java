package io.omniline.db.account;

import static io.omniline.db.jooq.Tables.ACCOUNT;
import static io.omniline.db.jooq.Tables.WEB_SESSION;

import java.time.Duration;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Browser sessions, keyed by a hash of the cookie's token. A session is valid until it expires
 * or is ended, and only while its account is enabled; each use slides the expiry forward.
 */
public final class WebSessionRepository {

    private final DSLContext dsl;

    public WebSessionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void create(byte[] tokenHash, long accountId, String csrfToken, Duration lifetime) {
        dsl.insertInto(WEB_SESSION)
                .set(WEB_SESSION.TOKEN_HASH, tokenHash)
                .set(WEB_SESSION.ACCOUNT_ID, accountId)
                .set(WEB_SESSION.CSRF_TOKEN, csrfToken)
                .set(WEB_SESSION.EXPIRES_AT, DSL.field("now() + {0}::interval", WEB_SESSION.EXPIRES_AT.getDataType(),
                        DSL.val(lifetime.toSeconds() + " seconds")))
                .execute();
    }

    /** The live session for this token hash, its expiry moved to {@code lifetime} from now. */
    public Optional<WebSession> use(byte[] tokenHash, Duration lifetime) {
        return dsl.update(WEB_SESSION)
                .set(WEB_SESSION.LAST_SEEN_AT, DSL.currentOffsetDateTime())
                .set(WEB_SESSION.EXPIRES_AT, DSL.field("now() + {0}::interval", WEB_SESSION.EXPIRES_AT.getDataType(),
                        DSL.val(lifetime.toSeconds() + " seconds")))
                .from(ACCOUNT)
                .where(WEB_SESSION.TOKEN_HASH.eq(tokenHash)
                        .and(WEB_SESSION.EXPIRES_AT.gt(DSL.currentOffsetDateTime()))
                        .and(ACCOUNT.ID.eq(WEB_SESSION.ACCOUNT_ID))
                        .and(ACCOUNT.DISABLED.isFalse()))
                .returningResult(ACCOUNT.ID, ACCOUNT.LOGIN, ACCOUNT.ROLE, ACCOUNT.AGENT_ID, WEB_SESSION.CSRF_TOKEN,
                        WEB_SESSION.EXPIRES_AT)
                .fetchOptional(row -> new WebSession(new Account(row.value1(), row.value2(), row.value3(), row.value4(), false),
                        row.value5(), row.value6()));
    }

    public void end(byte[] tokenHash) {
        dsl.deleteFrom(WEB_SESSION).where(WEB_SESSION.TOKEN_HASH.eq(tokenHash)).execute();
    }

    /** Removes sessions that expired; returns how many. */
    public int purgeExpired() {
        return dsl.deleteFrom(WEB_SESSION).where(WEB_SESSION.EXPIRES_AT.le(DSL.currentOffsetDateTime())).execute();
    }
}
