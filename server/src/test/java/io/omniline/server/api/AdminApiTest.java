package io.omniline.server.api;

import static io.omniline.db.jooq.Tables.AGENT;
import static io.omniline.db.jooq.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Admins manage agents and staff accounts over the API; agents then sign in as themselves. */
class AdminApiTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Omniline omniline;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        omniline = Omniline.start(TestConfigs.forDatabase(db.settings()));
        admin = ApiClient.admin(omniline);
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
    }

    @Test
    void anAdminCreatesAnAgentWhoThenSignsInAsThatAgent() throws Exception {
        String login = "lee-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = admin.call("POST", "/api/agents", """
                {"login": "%s", "displayName": "Lee", "sipInterface": "PJSIP/%s", "queues": {"support": 0, "chat": 1},
                 "skills": {"french": 5}, "password": "correct horse battery"}""".formatted(login, login), 201);
        long agentId = created.at("/agent/id").asLong();
        assertThat(created.at("/account/role").asText()).isEqualTo("agent");

        ApiClient lee = ApiClient.signIn(omniline, login, "correct horse battery");
        lee.call("PUT", "/api/me/digital", "{\"capacity\": 2}", 200);
        lee.call("POST", "/api/agents", "{}", 403);

        JsonNode updated = admin.call("PUT", "/api/agents/" + agentId, """
                {"displayName": "Lee Park", "sipInterface": "PJSIP/%s", "queues": {"billing": 0}}""".formatted(login), 200);
        assertThat(updated.get("queues").toString()).isEqualTo("{\"billing\":0}");
        assertThat(db.dsl()
                        .fetchCount(
                                AUDIT_LOG,
                                AUDIT_LOG
                                        .ACTOR
                                        .eq("admin")
                                        .and(AUDIT_LOG
                                                .ENTITY_ID
                                                .eq(String.valueOf(agentId))
                                                .and(AUDIT_LOG.ENTITY_KIND.eq("agent")))))
                .isEqualTo(2);
    }

    /** Defect: "support=1" in the queues field made an agent a member of a queue named "support=1". */
    @Test
    void aQueueTypedWithItsPenaltyInTheNameIsRefusedSayingHowToWriteIt() throws Exception {
        String login = "q-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.call("POST", "/api/agents", """
                {"login": "%s", "displayName": "Q", "queues": {"support=1": 0}, "password": "correct horse battery"}""".formatted(login), 400)
                        .at("/error")
                        .asText())
                .isEqualTo("queue \"support=1\" is not a queue name: use letters, digits, '.', '-' and '_' only; "
                        + "give the penalty apart from the name, as in support:1");
        assertThat(admin.call("GET", "/api/agents", null, 200).findValuesAsText("login"))
                .doesNotContain(login);
    }

    @Test
    void aTakenLoginLeavesNoAgentBehindAndAShortPasswordIsRefused() throws Exception {
        String login = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        admin.call("POST", "/api/accounts", """
                {"login": "%s", "password": "long enough password", "role": "supervisor"}""".formatted(login), 201);
        int agentsBefore = db.dsl().fetchCount(AGENT);

        admin.call("POST", "/api/agents", """
                {"login": "%s", "displayName": "Dup", "password": "long enough password"}""".formatted(login), 409);
        assertThat(db.dsl().fetchCount(AGENT)).isEqualTo(agentsBefore);

        assertThat(admin.call("POST", "/api/agents", """
                {"login": "short-%s", "displayName": "Short", "password": "2short"}""".formatted(login), 400)
                        .get("error")
                        .asText())
                .contains("at least 10");
        admin.call("POST", "/api/accounts", """
                {"login": "x-%s", "password": "long enough password", "role": "agent"}""".formatted(login), 400);
    }

    @Test
    void aSupervisorReadsAgentsButCannotManageThem() throws Exception {
        String login = "sup-" + UUID.randomUUID().toString().substring(0, 8);
        admin.call("POST", "/api/accounts", """
                {"login": "%s", "password": "supervisor password", "role": "supervisor"}""".formatted(login), 201);
        ApiClient supervisor = ApiClient.signIn(omniline, login, "supervisor password");

        supervisor.call("GET", "/api/agents", null, 200);
        supervisor.call(
                "POST",
                "/api/accounts",
                "{\"login\": \"x\", \"password\": \"long enough password\", \"role\": \"admin\"}",
                403);
    }

    @Test
    void aDisabledAccountIsSignedOutAtOnceAndANewPasswordReplacesTheOld() throws Exception {
        String login = "kim-" + UUID.randomUUID().toString().substring(0, 8);
        long id = admin.call("POST", "/api/accounts", """
                {"login": "%s", "password": "first password", "role": "supervisor"}""".formatted(login), 201)
                .get("id")
                .asLong();
        ApiClient kim = ApiClient.signIn(omniline, login, "first password");
        kim.call("GET", "/api/agents", null, 200);
        kim.call("GET", "/api/accounts", null, 403);

        assertThat(admin.call("PUT", "/api/accounts/" + id, "{\"disabled\": true}", 200)
                        .get("disabled")
                        .asBoolean())
                .isTrue();
        kim.call("GET", "/api/agents", null, 401);
        assertThat(admin.call("GET", "/api/accounts", null, 200).findValuesAsText("login"))
                .contains(login);

        admin.call("PUT", "/api/accounts/" + id, "{\"disabled\": false, \"password\": \"second password\"}", 200);
        ApiClient.signIn(omniline, login, "second password").call("GET", "/api/agents", null, 200);
        admin.call("PUT", "/api/accounts/" + id, "{}", 400);
        admin.call("PUT", "/api/accounts/" + id, "{\"password\": \"short\"}", 400);
        admin.call("PUT", "/api/accounts/999999", "{\"disabled\": true}", 404);
        assertThat(admin.call("PUT", "/api/accounts/" + id, "{\"disabled\": true, \"locked\": 1}", 400)
                        .get("error")
                        .asText())
                .isEqualTo("bad request body: unknown field \"locked\"; expected \"disabled\", \"password\"");
        assertThat(admin.call("PUT", "/api/accounts/" + id, "{\"disabled\": \"soon\"}", 400)
                        .get("error")
                        .asText())
                .isEqualTo("bad request body: field \"disabled\" must be true or false");
    }
}
