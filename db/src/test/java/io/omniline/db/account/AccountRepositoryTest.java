package io.omniline.db.account;

import static io.omniline.db.jooq.Tables.ACCOUNT;
import static io.omniline.db.jooq.Tables.AUDIT_LOG;
import static io.omniline.db.jooq.Tables.WEB_SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.testing.TestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccountRepositoryTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final AccountRepository accounts = db.repositories().accounts();
    private static final WebSessionRepository.Lifetime HOUR =
            new WebSessionRepository.Lifetime(Duration.ofHours(1), Duration.ofHours(8));

    private final WebSessionRepository sessions = db.repositories().webSessions();

    @Test
    void loginsAreCaseInsensitiveAndUniqueAndAgentAccountsNeedTheirAgent() {
        String login = "Ann." + UUID.randomUUID();
        Account ann = accounts.create("  " + login + " ", "hash", AccountRole.admin, null, "test");

        assertThat(ann.login()).isEqualTo(login.toLowerCase());
        assertThat(accounts.credentials(login.toUpperCase()))
                .hasValueSatisfying(c -> assertThat(c.passwordHash()).isEqualTo("hash"));
        assertThatThrownBy(() -> accounts.create(login, "other", AccountRole.supervisor, null, "test"))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> accounts.create("agent-" + UUID.randomUUID(), "h", AccountRole.agent, null, "test"))
                .hasMessageContaining("agent it belongs to");
        long agent = db.repositories()
                .agents()
                .create("a-" + UUID.randomUUID(), "A", null, Map.of(), Map.of(), "test")
                .id();
        assertThat(accounts.create("agent-" + UUID.randomUUID(), "h", AccountRole.agent, agent, "test")
                        .agentId())
                .isEqualTo(agent);
    }

    @Test
    void aSessionLivesUntilItExpiresIsEndedOrItsAccountIsDisabled() {
        Account sam = accounts.create("sam-" + UUID.randomUUID(), "hash", AccountRole.supervisor, null, "test");
        byte[] token = UUID.randomUUID().toString().getBytes();
        sessions.create(token, sam.id(), "csrf-1", HOUR);

        assertThat(sessions.use(token, HOUR)).hasValueSatisfying(session -> {
            assertThat(session.account().id()).isEqualTo(sam.id());
            assertThat(session.csrfToken()).isEqualTo("csrf-1");
        });

        db.dsl()
                .update(WEB_SESSION)
                .set(WEB_SESSION.CREATED_AT, java.time.OffsetDateTime.now().minusHours(2))
                .set(WEB_SESSION.EXPIRES_AT, java.time.OffsetDateTime.now().minusMinutes(1))
                .where(WEB_SESSION.TOKEN_HASH.eq(token))
                .execute();
        assertThat(sessions.use(token, HOUR)).isEmpty();
        assertThat(sessions.purgeExpired(HOUR.absolute())).isGreaterThanOrEqualTo(1);

        byte[] second = UUID.randomUUID().toString().getBytes();
        sessions.create(second, sam.id(), "csrf-2", HOUR);
        db.dsl()
                .update(ACCOUNT)
                .set(ACCOUNT.DISABLED, true)
                .where(ACCOUNT.ID.eq(sam.id()))
                .execute();
        assertThat(sessions.use(second, HOUR)).isEmpty();

        db.dsl()
                .update(ACCOUNT)
                .set(ACCOUNT.DISABLED, false)
                .where(ACCOUNT.ID.eq(sam.id()))
                .execute();
        sessions.end(second);
        assertThat(sessions.use(second, HOUR)).isEmpty();
    }

    @Test
    void disablingOrANewPasswordEndsTheSessionsAndIsAuditedButTheLastAdminStays() {
        Account zoe = accounts.create("zoe-" + UUID.randomUUID(), "old-hash", AccountRole.admin, null, "test");
        byte[] token = UUID.randomUUID().toString().getBytes();
        sessions.create(token, zoe.id(), "csrf", HOUR);

        accounts.change(zoe.id(), null, "new-hash", "boss");
        assertThat(sessions.use(token, HOUR)).isEmpty();
        assertThat(accounts.credentials(zoe.login()).orElseThrow().passwordHash())
                .isEqualTo("new-hash");
        assertThat(db.dsl()
                        .fetchCount(
                                AUDIT_LOG,
                                AUDIT_LOG
                                        .ACTOR
                                        .eq("boss")
                                        .and(AUDIT_LOG.ACTION.eq("account.update"))
                                        .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(zoe.id())))))
                .isEqualTo(1);
        assertThat(accounts.list()).extracting(Account::login).contains(zoe.login());

        db.dsl()
                .update(ACCOUNT)
                .set(ACCOUNT.DISABLED, true)
                .where(ACCOUNT.ROLE.eq(AccountRole.admin).and(ACCOUNT.ID.ne(zoe.id())))
                .execute();
        assertThatThrownBy(() -> accounts.change(zoe.id(), true, null, "boss"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("last enabled admin");
        Account other = accounts.create("yan-" + UUID.randomUUID(), "h", AccountRole.admin, null, "test");
        assertThat(accounts.change(zoe.id(), true, null, "boss").disabled()).isTrue();
        assertThat(accounts.change(zoe.id(), false, null, "boss").disabled()).isFalse();
        assertThat(other.disabled()).isFalse();
        assertThatThrownBy(() -> accounts.change(-1, true, null, "boss")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void useSlidesASessionButNeverPastItsAbsoluteEndAndThePurgeTakesWhatOutlivedIt() {
        Account ida = accounts.create("ida-" + UUID.randomUUID(), "hash", AccountRole.supervisor, null, "test");
        byte[] token = UUID.randomUUID().toString().getBytes();
        sessions.create(token, ida.id(), "csrf", HOUR);
        db.dsl()
                .update(WEB_SESSION)
                .set(
                        WEB_SESSION.CREATED_AT,
                        java.time.OffsetDateTime.now().minusHours(7).minusMinutes(30))
                .where(WEB_SESSION.TOKEN_HASH.eq(token))
                .execute();

        assertThat(sessions.use(token, HOUR))
                .hasValueSatisfying(session -> assertThat(session.expiresAt())
                        .isBefore(java.time.OffsetDateTime.now().plusMinutes(31)));

        db.dsl()
                .update(WEB_SESSION)
                .set(
                        WEB_SESSION.CREATED_AT,
                        java.time.OffsetDateTime.now().minusHours(8).minusMinutes(1))
                .where(WEB_SESSION.TOKEN_HASH.eq(token))
                .execute();
        assertThat(sessions.use(token, HOUR)).isEmpty();
        assertThat(sessions.purgeExpired(HOUR.absolute())).isGreaterThanOrEqualTo(1);
        assertThat(db.dsl().fetchCount(WEB_SESSION, WEB_SESSION.TOKEN_HASH.eq(token)))
                .isZero();
    }
}
