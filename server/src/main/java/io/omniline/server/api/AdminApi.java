package io.omniline.server.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.omniline.db.Repositories;
import io.omniline.db.Transactions;
import io.omniline.db.account.AccountRole;
import io.omniline.server.accounts.AccountChanges;
import io.omniline.server.accounts.People;
import io.omniline.server.accounts.PersonNames;
import io.omniline.server.auth.PasswordHasher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Admins manage who works here: agents (name, login, SIP interface, the queues they may join,
 * skills) each with their own account, and supervisor or admin accounts, which they may disable
 * or give a new password (either signs the account out everywhere: sessions, open sockets, routing
 * and the phone's queues). {@link People} holds the rules; every change is in the audit log under
 * the signed-in admin.
 */
public final class AdminApi {

    private final People people;

    public AdminApi(
            Repositories repositories, Transactions transactions, PasswordHasher hasher, AccountChanges changes) {
        this.people = new People(repositories, transactions, hasher, changes);
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/api/agents", Roles.STAFF, request -> ApiResponse.ok(people.agents())),
                Route.of("POST", "/api/agents", Roles.ADMIN, fieldsNamed(request -> {
                    NewAgent body = request.body(NewAgent.class);
                    People.NewAgent made = people.newAgent(
                            body.login(),
                            body.displayName(),
                            body.sipInterface(),
                            body.skills(),
                            body.queues(),
                            body.password(),
                            request.actor());
                    return ApiResponse.created(Map.of("agent", made.agent(), "account", made.account()));
                })),
                Route.of("PUT", "/api/agents/{id}", Roles.ADMIN, fieldsNamed(request -> {
                    AgentChange body = request.body(AgentChange.class);
                    return ApiResponse.ok(people.changeAgent(
                            request.number("id"),
                            body.displayName(),
                            body.sipInterface(),
                            body.skills(),
                            body.queues(),
                            body.active(),
                            request.actor()));
                })),
                Route.of("GET", "/api/accounts", Roles.ADMIN, request -> ApiResponse.ok(people.accounts())),
                Route.of("PUT", "/api/accounts/{id}", Roles.ADMIN, fieldsNamed(request -> {
                    AccountChange body = request.body(AccountChange.class);
                    AccountChanges.Outcome outcome = people.changeAccount(
                            request.number("id"), body.disabled(), body.password(), request.actor());
                    Map<String, Object> answer = new LinkedHashMap<>(request.mapper()
                            .convertValue(outcome.account(), new TypeReference<Map<String, Object>>() {}));
                    answer.put("phone", outcome.phone());
                    return ApiResponse.ok(answer);
                })),
                Route.of("POST", "/api/accounts", Roles.ADMIN, fieldsNamed(request -> {
                    NewStaff body = request.body(NewStaff.class);
                    return ApiResponse.created(
                            people.newStaff(body.login(), body.password(), body.role(), request.actor()));
                })));
    }

    /** A refused login, display name or password is answered as a 400 about its field. */
    private static Endpoint fieldsNamed(Endpoint endpoint) {
        return request -> {
            try {
                return endpoint.handle(request);
            } catch (PersonNames.Refused e) {
                throw new FieldProblem(e.field(), e.getMessage(), e);
            }
        };
    }

    record NewAgent(
            String login,
            String displayName,
            String sipInterface,
            Map<String, Integer> skills,
            Map<String, Integer> queues,
            String password) {}

    record AgentChange(
            String displayName,
            String sipInterface,
            Map<String, Integer> skills,
            Map<String, Integer> queues,
            Boolean active) {}

    record NewStaff(String login, String password, AccountRole role) {}

    record AccountChange(Boolean disabled, String password) {}
}
