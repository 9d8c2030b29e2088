package io.omniline.server.api;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.db.account.AccountRole;
import io.omniline.db.audit.AuditEntry;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.ScriptedCalls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An unknown caller becomes a customer from the desktop, or their number joins a customer the
 * agent found with a search: never one named by an id typed in. Searches and links are audited,
 * and the customer's history opens only once the call is linked.
 */
class UnknownCallerTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theAgentMakesTheCallerACustomerOrLinksTheNumberAndTheNextCallIsKnown() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            long gus = db.repositories()
                    .agents()
                    .create("gus", "Gus", "PJSIP/1006", Map.of(), Map.of("support", 0), "test")
                    .id();
            ApiClient agent = ApiClient.as(omniline, db.repositories(), "gus", AccountRole.agent, gus);
            AmiScripts.awaitAmi(omniline);

            ringAndAnswer(omniline, asterisk, "1795459000.1", "15550001111", 5);
            JsonNode call = awaitCall(agent, "15550001111");
            assertThat(call.get("customer").isNull()).isTrue();
            assertThat(call.get("callerNumber").asText()).isEqualTo("15550001111");
            long first = call.get("interactionId").asLong();
            agent.call("POST", "/api/calls/" + first + "/customer", "{}", 400);
            JsonNode created = agent.call("POST", "/api/calls/" + first + "/customer", "{\"name\": \"Hana Ito\"}", 200);
            assertThat(created.at("/customer/customer/displayName").asText()).isEqualTo("Hana Ito");
            assertThat(created.at("/customer/identities/0/identity/value").asText())
                    .isEqualTo("+15550001111");
            agent.call("POST", "/api/calls/" + first + "/customer", "{\"name\": \"Again\"}", 409);

            long existing = db.repositories()
                    .customers()
                    .create("Ivo Novak", Map.of(), List.of(new IdentityNormalizer("US").email("ivo@example.com")))
                    .id();
            long other = db.repositories()
                    .customers()
                    .create("Ivy Other", Map.of(), List.of(new IdentityNormalizer("US").email("ivy@example.com")))
                    .id();
            ringAndAnswer(omniline, asterisk, "1795459000.2", "15550002222", 6);
            long second = awaitCall(agent, "15550002222").get("interactionId").asLong();
            String path = "/api/calls/" + second + "/customer";
            assertThat(agent.call("POST", path, "{\"customerId\": " + existing + "}", 400)
                            .get("error")
                            .asText())
                    .contains("search");
            agent.call("GET", "/api/customers/" + existing + "/timeline", null, 403);
            agent.call("GET", "/api/customers/search?q=ivo%40example.com", null, 400);
            agent.call("GET", "/api/customers/search?q=ivo%40example.com&interaction=" + (second + 1000), null, 404);

            JsonNode found =
                    agent.call("GET", "/api/customers/search?q=ivo%40example.com&interaction=" + second, null, 200);
            assertThat(found).singleElement().satisfies(result -> {
                assertThat(result.get("customerId").asLong()).isEqualTo(existing);
                assertThat(result.get("displayName").asText()).isEqualTo("Ivo Novak");
                assertThat(result.get("identities").toString())
                        .contains("i•••@example.com")
                        .doesNotContain("ivo@example.com");
                assertThat(result.get("matchedBy").asText()).isEqualTo("email");
            });
            JsonNode byName = agent.call("GET", "/api/customers/search?q=iv&interaction=" + second, null, 400);
            assertThat(byName.get("error").asText()).contains("at least 3");
            assertThat(agent.call("GET", "/api/customers/search?q=IVY&interaction=" + second, null, 200))
                    .extracting(result -> result.get("customerId").asLong())
                    .containsExactly(other);
            String forFirstCall = agent.call(
                            "GET", "/api/customers/search?q=ivo%40example.com&interaction=" + first, null, 200)
                    .get(0)
                    .get("link")
                    .asText();
            agent.call("POST", path, "{\"link\": \"" + forFirstCall + "\"}", 400);
            String link = found.get(0).get("link").asText();
            String forged = link.substring(0, link.indexOf('.') - 1)
                    + (link.charAt(link.indexOf('.') - 1) == 'x' ? 'y' : 'x')
                    + link.substring(link.indexOf('.'));
            agent.call("POST", path, "{\"link\": \"" + forged + "\"}", 400);

            JsonNode linked = agent.call(
                    "POST", path, "{\"link\": \"" + found.get(0).get("link").asText() + "\"}", 200);
            assertThat(linked.at("/customer/customer/id").asLong()).isEqualTo(existing);
            assertThat(linked.at("/customer/identities").toString())
                    .contains("+15550002222")
                    .contains("ivo@example.com");
            assertThat(linked.get("identifiedBy").asText()).contains("agent gus");
            agent.call("GET", "/api/customers/" + existing + "/timeline", null, 200);
            assertThat(db.repositories().auditLog().forEntity("interaction", second))
                    .extracting(AuditEntry::action)
                    .contains("customer.search", "interaction.customer.linked");
            assertThat(db.repositories().auditLog().forEntity("interaction", second))
                    .allMatch(entry -> entry.actor().equals("gus"));
        }
    }

    private static void ringAndAnswer(Omniline omniline, AmiSimulator asterisk, String uniqueId, String caller, int n)
            throws Exception {
        AsteriskAgiCall.of(
                        AgiEnvironment.call(uniqueId, caller, "100", "ivr"), press("1"), press("12345678#"), press("2"))
                .run(omniline.agiPort());
        List<byte[]> call = ScriptedCalls.answered(uniqueId, "support", "PJSIP/1006", n);
        call.subList(0, AmiScripts.indexOf(call, "Event: AgentComplete")).forEach(asterisk::emit);
    }

    /** The agent's call in hand once Asterisk's events for it have been followed. */
    private static JsonNode awaitCall(ApiClient agent, String callerNumber) throws Exception {
        for (int i = 0; i < 200; i++) {
            var response = agent.send("GET", "/api/me/call", null, false);
            if (response.statusCode() == 200
                    && response.body().contains("\"callerNumber\":\"" + callerNumber + "\"")
                    && response.body().contains("\"state\":\"active\"")) {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no live call from " + callerNumber + " reached the agent");
    }
}
