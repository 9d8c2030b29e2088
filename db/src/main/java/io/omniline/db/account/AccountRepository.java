package io.omniline.db.account;

import static io.omniline.db.jooq.Tables.ACCOUNT;
import static io.omniline.db.jooq.Tables.WEB_SESSION;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.SqlStates;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.jooq.tables.records.AccountRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/** Accounts of agents, supervisors and admins. Password hashes go in and are checked elsewhere. */
public final class AccountRepository {

    private final DSLContext dsl;

    public AccountRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Logins are case-insensitive: stored trimmed and lowercased. */
    public static String canonicalLogin(String login) {
        return login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
    }

    public Account create(String login, String passwordHash, AccountRole role, Long agentId, String actor) {
        String canonical = canonicalLogin(login);
        if (canonical.isEmpty()) {
            throw new IllegalArgumentException("a login must not be blank");
        }
        if (role == AccountRole.agent && agentId == null) {
            throw new IllegalArgumentException("an agent account needs the agent it belongs to");
        }
        try {
            return dsl.transactionResult(config -> {
                DSLContext tx = config.dsl();
                AccountRecord row = tx.insertInto(ACCOUNT)
                        .set(ACCOUNT.LOGIN, canonical)
                        .set(ACCOUNT.PASSWORD_HASH, passwordHash)
                        .set(ACCOUNT.ROLE, role)
                        .set(ACCOUNT.AGENT_ID, agentId)
                        .returning()
                        .fetchSingle();
                AuditLog.write(
                        tx,
                        actor,
                        "account.create",
                        "account",
                        row.getId(),
                        Map.of("login", canonical, "role", role.getLiteral()));
                return account(row);
            });
        } catch (DataAccessException e) {
            if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
                throw new ConflictException("login " + canonical + " or its agent already has an account", e);
            }
            throw e;
        }
    }

    /** Every account, by login; never the hashes. */
    public List<Account> list() {
        return dsl.selectFrom(ACCOUNT).orderBy(ACCOUNT.LOGIN).fetch(AccountRepository::account);
    }

    /**
     * Disables or enables an account, or sets a new password hash. Either ends the account's
     * sessions, so a stolen cookie dies with the old password. The last enabled admin cannot be
     * disabled: nobody could manage accounts any more.
     */
    public Account change(long id, Boolean disabled, String passwordHash, String actor) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            AccountRecord row = tx.selectFrom(ACCOUNT)
                    .where(ACCOUNT.ID.eq(id))
                    .forUpdate()
                    .fetchOptional()
                    .orElseThrow(() -> new NotFoundException("account", id));
            if (Boolean.TRUE.equals(disabled) && !row.getDisabled() && row.getRole() == AccountRole.admin) {
                // Locking every enabled admin makes two admins disabling each other take turns.
                int enabledAdmins = tx.selectFrom(ACCOUNT)
                        .where(ACCOUNT.ROLE.eq(AccountRole.admin).and(ACCOUNT.DISABLED.isFalse()))
                        .forUpdate()
                        .fetch()
                        .size();
                if (enabledAdmins <= 1) {
                    throw new ConflictException("account " + row.getLogin() + " is the last enabled admin");
                }
            }
            Map<String, Object> details = new LinkedHashMap<>();
            if (disabled != null) {
                row.setDisabled(disabled);
                details.put("disabled", disabled);
            }
            if (passwordHash != null) {
                row.setPasswordHash(passwordHash);
                details.put("passwordReset", true);
            }
            row.store();
            tx.deleteFrom(WEB_SESSION).where(WEB_SESSION.ACCOUNT_ID.eq(id)).execute();
            AuditLog.write(tx, actor, "account.update", "account", id, details);
            return account(row);
        });
    }

    public Optional<Account> findById(long id) {
        return dsl.selectFrom(ACCOUNT).where(ACCOUNT.ID.eq(id)).fetchOptional(AccountRepository::account);
    }

    /** The account and its stored hash, for checking a password. */
    public Optional<Credentials> credentials(String login) {
        return dsl.selectFrom(ACCOUNT)
                .where(ACCOUNT.LOGIN.eq(canonicalLogin(login)))
                .fetchOptional(row -> new Credentials(account(row), row.getPasswordHash()));
    }

    public boolean any() {
        return dsl.fetchExists(ACCOUNT);
    }

    private static Account account(AccountRecord row) {
        return new Account(row.getId(), row.getLogin(), row.getRole(), row.getAgentId(), row.getDisabled());
    }

    /** An account with the hash its password must match. */
    public record Credentials(Account account, String passwordHash) {}
}
