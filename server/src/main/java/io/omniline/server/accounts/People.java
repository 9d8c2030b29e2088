package io.omniline.server.accounts;

import io.omniline.db.Repositories;
import io.omniline.db.Transactions;
import io.omniline.db.account.Account;
import io.omniline.db.account.AccountRole;
import io.omniline.db.agent.Agent;
import io.omniline.server.auth.PasswordHasher;
import java.util.List;
import java.util.Map;

/**
 * Who works here, as admins manage them: agents (name, login, SIP interface, the queues they may
 * join, skills) each with their own account, and supervisor or admin accounts. Passwords have a
 * minimum length and are stored only as bcrypt hashes; disabling an account or giving it a new
 * password signs it out everywhere ({@link AccountChanges}). Every change is in the audit log
 * under the admin who made it.
 */
public final class People {

    static final int MIN_PASSWORD_LENGTH = 10;

    private final Repositories repositories;
    private final Transactions transactions;
    private final PasswordHasher hasher;
    private final AccountChanges changes;

    public People(Repositories repositories, Transactions transactions, PasswordHasher hasher, AccountChanges changes) {
        this.repositories = repositories;
        this.transactions = transactions;
        this.hasher = hasher;
        this.changes = changes;
    }

    /** A new agent and the account they sign in with. */
    public record NewAgent(Agent agent, Account account) {}

    public List<Agent> agents() {
        return repositories.agents().list();
    }

    /** @throws IllegalArgumentException when a field is missing, the password too short or a queue name invalid */
    public NewAgent newAgent(
            String login,
            String displayName,
            String sipInterface,
            Map<String, Integer> skills,
            Map<String, Integer> queues,
            String password,
            String actor) {
        String checkedLogin = PersonNames.login(login);
        String name = PersonNames.displayName(displayName);
        String hash = hasher.hash(password(password));
        // The agent and their account exist together or not at all.
        return transactions.call(tx -> {
            Agent agent = tx.agents()
                    .create(
                            checkedLogin,
                            name,
                            sipInterface,
                            orEmpty(skills),
                            QueueNames.checked(orEmpty(queues)),
                            actor);
            Account account = tx.accounts().create(checkedLogin, hash, AccountRole.agent, agent.id(), actor);
            return new NewAgent(agent, account);
        });
    }

    /** @param active null keeps the agent active */
    public Agent changeAgent(
            long agentId,
            String displayName,
            String sipInterface,
            Map<String, Integer> skills,
            Map<String, Integer> queues,
            Boolean active,
            String actor) {
        return repositories
                .agents()
                .update(
                        agentId,
                        PersonNames.displayName(displayName),
                        sipInterface,
                        orEmpty(skills),
                        QueueNames.checked(orEmpty(queues)),
                        active == null || active,
                        actor);
    }

    public List<Account> accounts() {
        return repositories.accounts().list();
    }

    /**
     * @param disabled true or false to change it, null to leave it
     * @param password the new password, or null to leave it
     * @throws IllegalArgumentException when nothing changes or the password is too short
     */
    public AccountChanges.Outcome changeAccount(long accountId, Boolean disabled, String password, String actor) {
        if (disabled == null && password == null) {
            throw new IllegalArgumentException(
                    "say what changes: {\"disabled\": true|false} and/or {\"password\": \"...\"}");
        }
        return changes.change(accountId, disabled, password == null ? null : hasher.hash(password(password)), actor);
    }

    /** A supervisor or admin account; agents' accounts come with the agent ({@link #newAgent}). */
    public Account newStaff(String login, String password, AccountRole role, String actor) {
        if (role == null || role == AccountRole.agent) {
            throw new IllegalArgumentException("role must be supervisor or admin; agents are made at /api/agents");
        }
        return repositories
                .accounts()
                .create(PersonNames.login(login), hasher.hash(password(password)), role, null, actor);
    }

    /** At least {@value #MIN_PASSWORD_LENGTH} characters, not all spaces, and none of them a control character. */
    private static String password(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new PersonNames.Refused(
                    "password", "a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.isBlank()) {
            throw new PersonNames.Refused(
                    "password",
                    "a password cannot be only spaces: use at least " + MIN_PASSWORD_LENGTH
                            + " characters with letters, digits or signs");
        }
        if (password.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL)) {
            throw new PersonNames.Refused(
                    "password",
                    "a password cannot hold control characters (tabs, line breaks and the"
                            + " like): use letters, digits, spaces and signs");
        }
        return password;
    }

    private static Map<String, Integer> orEmpty(Map<String, Integer> values) {
        return values == null ? Map.of() : values;
    }
}
