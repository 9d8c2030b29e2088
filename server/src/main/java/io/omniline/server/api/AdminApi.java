package io.omniline.server.api;

import io.omniline.db.Repositories;
import io.omniline.db.Transactions;
import io.omniline.db.account.Account;
import io.omniline.db.agent.Agent;
import io.omniline.db.account.AccountRole;
import io.omniline.server.accounts.AccountChanges;
import io.omniline.server.accounts.QueueNames;
import io.omniline.server.auth.PasswordHasher;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Admins manage who works here: agents (name, login, SIP interface, the queues they may join,
 * skills) each with their own account, and supervisor or admin accounts, which they may disable
 * or give a new password (either signs the account out everywhere: sessions, open sockets, routing
 * and the phone's queues, see {@link AccountChanges}). Every change is in the audit log under the
 * signed-in admin; passwords are stored only as bcrypt hashes.
 */
public final class AdminApi {

    static final int MIN_PASSWORD_LENGTH = 10;

    private final Repositories repositories;
    private final Transactions transactions;
    private final PasswordHasher hasher;
    private final AccountChanges changes;

    public AdminApi(Repositories repositories, Transactions transactions, PasswordHasher hasher, AccountChanges changes) {
        this.repositories = repositories;
        this.transactions = transactions;
        this.hasher = hasher;
        this.changes = changes;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/api/agents", Roles.STAFF, request -> ApiResponse.ok(repositories.agents().list())),
                Route.of("POST", "/api/agents", Roles.ADMIN, request -> {
                    NewAgent body = request.body(NewAgent.class);
                    String hash = hasher.hash(password(body.password()));
                    // The agent and their account exist together or not at all.
                    return ApiResponse.created(transactions.call(tx -> {
                        Agent agent = tx.agents().create(required(body.login(), "login"),
                                required(body.displayName(), "displayName"), body.sipInterface(), orEmpty(body.skills()),
                                QueueNames.checked(orEmpty(body.queues())), request.actor());
                        Account account = tx.accounts().create(body.login(), hash, AccountRole.agent,
                                agent.id(), request.actor());
                        return Map.of("agent", agent, "account", account);
                    }));
                }),
                Route.of("PUT", "/api/agents/{id}", Roles.ADMIN, request -> {
                    AgentChange body = request.body(AgentChange.class);
                    return ApiResponse.ok(repositories.agents().update(request.number("id"), required(body.displayName(), "displayName"),
                            body.sipInterface(), orEmpty(body.skills()), QueueNames.checked(orEmpty(body.queues())),
                            body.active() == null || body.active(), request.actor()));
                }),
                Route.of("GET", "/api/accounts", Roles.ADMIN, request -> ApiResponse.ok(repositories.accounts().list())),
                Route.of("PUT", "/api/accounts/{id}", Roles.ADMIN, request -> {
                    AccountChange body = request.body(AccountChange.class);
                    if (body.disabled() == null && body.password() == null) {
                        throw new IllegalArgumentException("say what changes: {\"disabled\": true|false} and/or {\"password\": \"...\"}");
                    }
                    AccountChanges.Outcome outcome = changes.change(request.number("id"), body.disabled(),
                            body.password() == null ? null : hasher.hash(password(body.password())), request.actor());
                    Map<String, Object> answer = new LinkedHashMap<>(request.mapper().convertValue(outcome.account(),
                            new TypeReference<Map<String, Object>>() { }));
                    answer.put("phone", outcome.phone());
                    return ApiResponse.ok(answer);
                }),
                Route.of("POST", "/api/accounts", Roles.ADMIN, request -> {
                    NewStaff body = request.body(NewStaff.class);
                    if (body.role() == null || body.role() == AccountRole.agent) {
                        throw new IllegalArgumentException("role must be supervisor or admin; agents are made at /api/agents");
                    }
                    return ApiResponse.created(repositories.accounts().create(required(body.login(), "login"),
                            hasher.hash(password(body.password())), body.role(), null, request.actor()));
                }));
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

    record NewAgent(String login, String displayName, String sipInterface, Map<String, Integer> skills,
                    Map<String, Integer> queues, String password) {
    }

    record AgentChange(String displayName, String sipInterface, Map<String, Integer> skills, Map<String, Integer> queues,
                       Boolean active) {
    }

    record NewStaff(String login, String password, AccountRole role) {
    }

    record AccountChange(Boolean disabled, String password) {
    }
}
