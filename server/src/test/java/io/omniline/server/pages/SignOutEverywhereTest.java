package io.omniline.server.pages;

import static io.omniline.db.jooq.Tables.AGENT_DIGITAL_PRESENCE;
import static io.omniline.db.jooq.Tables.INTERACTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.bridge.testing.ChatClient;
import io.omniline.db.account.AccountRole;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.supervisor.LiveFeed;
import io.omniline.server.workspace.DesktopClient;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.sim.AmiSimulator;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes share one database; node A follows Asterisk and serves the admin, node B holds the
 * agent's desktop and the supervisor's wallboard. Disabling the agent's account, or giving the
 * supervisor a new password, on node A closes those sockets on node B at once, takes the agent
 * out of digital routing (their offer goes back to the queue) and out of the Asterisk queues.
 */
class SignOutEverywhereTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void disablingAnAgentClosesTheirSocketsOnEveryNodeAndStopsTheirWork() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline nodeA =
                        Omniline.start(TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()));
                Omniline nodeB = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            long dana = db.repositories()
                    .agents()
                    .create(
                            "dana",
                            "Dana",
                            "PJSIP/1001",
                            Map.of(),
                            Map.of("support", 0, "billing", 1, "chat", 0),
                            "test")
                    .id();
            ApiClient danaOnA = ApiClient.as(nodeA, db.repositories(), "dana", AccountRole.agent, dana);
            ApiClient danaOnB = ApiClient.signIn(nodeB, "dana", "dana");
            ApiClient sue = ApiClient.as(nodeB, db.repositories(), "sue", AccountRole.supervisor, null);
            ApiClient admin = ApiClient.admin(nodeA);
            AmiScripts.awaitAmi(nodeA);
            danaOnA.call("POST", "/api/me/queues/login", null, 200);
            danaOnB.call("PUT", "/api/me/digital", "{\"capacity\": 2}", 200);
            DesktopClient desktop = DesktopClient.open(nodeB, danaOnB);
            desktop.next("hello");
            DesktopClient wallboard = DesktopClient.open(nodeB, LiveFeed.PATH, sue);
            wallboard.next("queues");
            ChatClient visitor = ChatClient.connect(nodeB.chatPort().orElseThrow());
            visitor.send("{\"type\":\"hello\",\"name\":\"Noor\"}");
            visitor.next("welcome");
            long offered = desktop.next("offer").get("interactionId").asLong();

            JsonNode answer =
                    admin.call("PUT", "/api/accounts/" + accountId(admin, "dana"), "{\"disabled\": true}", 200);

            assertThat(desktop.awaitClosed()).isEqualTo(StatusCode.POLICY_VIOLATION);
            assertThat(answer.get("disabled").asBoolean()).isTrue();
            assertThat(answer.at("/phone/left"))
                    .extracting(JsonNode::asText)
                    .containsExactly("billing", "chat", "support");
            assertThat(sent(asterisk, "QueueRemove"))
                    .extracting(action -> action.get("Queue").orElseThrow())
                    .contains("support", "billing");
            assertThat(db.dsl().fetchExists(AGENT_DIGITAL_PRESENCE, AGENT_DIGITAL_PRESENCE.AGENT_ID.eq(dana)))
                    .isFalse();
            assertThat(db.dsl()
                            .select(INTERACTION.STATE, INTERACTION.AGENT_ID)
                            .from(INTERACTION)
                            .where(INTERACTION.ID.eq(offered))
                            .fetchOne())
                    .satisfies(row -> {
                        assertThat(row.value1()).isEqualTo(InteractionState.queued);
                        assertThat(row.value2()).isNull();
                    });
            assertThat(danaOnB.send("GET", "/api/me/conversations", null, true).statusCode())
                    .isEqualTo(401);

            admin.call("PUT", "/api/accounts/" + accountId(admin, "sue"), "{\"password\": \"a brand new one\"}", 200);

            assertThat(wallboard.awaitClosed()).isEqualTo(StatusCode.POLICY_VIOLATION);
            assertThat(sue.send("GET", "/api/live/queues", null, true).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void withoutAmiTheAnswerSaysTheQueuesAreAsteriskAffair() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            long eli = db.repositories()
                    .agents()
                    .create("eli", "Eli", "PJSIP/1002", Map.of(), Map.of("support", 0), "test")
                    .id();
            ApiClient.as(omniline, db.repositories(), "eli", AccountRole.agent, eli);
            ApiClient admin = ApiClient.admin(omniline);

            JsonNode answer =
                    admin.call("PUT", "/api/accounts/" + accountId(admin, "eli"), "{\"disabled\": true}", 200);

            assertThat(answer.at("/phone/left")).isEmpty();
            assertThat(answer.at("/phone/note").asText())
                    .startsWith("Omniline is not connected to a phone system")
                    .contains("PJSIP/1002")
                    .doesNotContain("ami.enabled");
        }
    }

    private static long accountId(ApiClient admin, String login) throws Exception {
        for (JsonNode account : admin.call("GET", "/api/accounts", null, 200)) {
            if (account.get("login").asText().equals(login)) {
                return account.get("id").asLong();
            }
        }
        throw new AssertionError("no account " + login);
    }

    private static List<AmiPacket> sent(AmiSimulator asterisk, String action) {
        return asterisk.actions().stream()
                .filter(packet -> packet.get("Action").orElse("").equals(action))
                .toList();
    }
}
