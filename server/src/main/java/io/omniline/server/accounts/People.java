package io.omniline.server.accounts;

import io.omniline.db.account.Account;
import io.omniline.db.account.AccountRepository;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.jooq.enums.AccountRole;
import io.omniline.server.auth.PasswordHasher;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Who works here, as admins manage them: agents (name, login, SIP interface, the queues they may
 * join, skills) each with their own account, and supervisor or admin accounts. Passwords have a
 * minimum length and are stored only as bcrypt hashes; disabling an account or giving it a new
 * password signs it out everywhere ({@link AccountChanges}). Every change is in the audit log
 * under the admin who made it.
 */
public final class People {

    static final int MIN_PASSWORD_LENGTH = 10;

    private final DSLContext dsl;
    private final PasswordHasher hasher;
    private final AccountChanges changes;

    public People(DSLContext dsl, PasswordHasher hasher, AccountChanges changes) {
        this.dsl = dsl;
        this.hasher = hasher;
        this.changes = changes;
    }

    /** A new agent and the account they sign in with. */
    public record NewAgent(Agent agent, Account account) {
    }

    public List<Agent> agents() {
        return new AgentRepository(dsl).list();
    }

    /** @throws IllegalArgumentException when a field is missing, the password too short or a queue name invalid */
    public NewAgent newAgent(String login, String displayName, String sipInterface, Map<String, Integer> skills,
                             Map<String, Integer> queues, String password, String actor) {
        String hash = hasher.hash(password(password));
        // The agent and their account exist together or not at all.
        return dsl.transactionResult(config -> {
            Agent agent = new AgentRepository(config.dsl()).create(required(login, "login"),
                    required(displayName, "displayName"), sipInterface, orEmpty(skills),
                    QueueNames.checked(orEmpty(queues)), actor);
            Account account = new AccountRepository(config.dsl()).create(login, hash, AccountRole.agent, agent.id(), actor);
            return new NewAgent(agent, account);
        });
    }

    /** @param active null keeps the agent active */
    public Agent changeAgent(long agentId, String displayName, String sipInterface, Map<String, Integer> skills,
                             Map<String, Integer> queues, Boolean active, String actor) {
        return new AgentRepository(dsl).update(agentId, required(displayName, "displayName"), sipInterface,
                orEmpty(skills), QueueNames.checked(orEmpty(queues)), active == null || active, actor);
    }

    public List<Account> accounts() {
        return new AccountRepository(dsl).list();
    }

    /**
     * @param disabled true or false to change it, null to leave it
     * @param password the new password, or null to leave it
     * @throws IllegalArgumentException when nothing changes or the password is too short
     */
    public AccountChanges.Outcome changeAccount(long accountId, Boolean disabled, String password, String actor) {
        if (disabled == null && password == null) {
            throw new IllegalArgumentException("say what changes: {\"disabled\": true|false} and/or {\"password\": \"...\"}");
        }
        return changes.change(accountId, disabled, password == null ? null : hasher.hash(password(password)), actor);
    }

    /** A supervisor or admin account; agents' accounts come with the agent ({@link #newAgent}). */
    public Account newStaff(String login, String password, AccountRole role, String actor) {
        if (role == null || role == AccountRole.agent) {
            throw new IllegalArgumentException("role must be supervisor or admin; agents are made at /api/agents");
        }
        return new AccountRepository(dsl).create(required(login, "login"), hasher.hash(password(password)), role, null,
                actor);
    }

    private static String password(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return password;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static Map<String, Integer> orEmpty(Map<String, Integer> values) {
        return values == null ? Map.of() : values;
    }
}
