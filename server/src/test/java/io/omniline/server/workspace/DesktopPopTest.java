package io.omniline.server.workspace;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.db.account.AccountRole;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.NewMessage;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.ScriptedCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The screen pop end to end: a customer who chatted earlier calls, goes through the IVR over
 * FastAGI and into the queue; when Asterisk (the AMI simulator replaying a captured call) rings
 * the agent, their desktop socket gets the pop with that chat in full, then the live call, then
 * its end. Another agent's desktop hears nothing of it.
 */
class DesktopPopTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theRingingAgentsDesktopPopsTheCallerWithTheirLastChat() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            AgentRepository agents = db.repositories().agents();
            long amy = agents.create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test")
                    .id();
            long bob = agents.create("bob", "Bob", "PJSIP/1002", Map.of(), Map.of("support", 0), "test")
                    .id();
            ApiClient amyClient = ApiClient.as(omniline, db.repositories(), "amy", AccountRole.agent, amy);
            ApiClient bobClient = ApiClient.as(omniline, db.repositories(), "bob", AccountRole.agent, bob);
            long alice = db.repositories()
                    .customers()
                    .create(
                            "Alice Example",
                            Map.of("vip", true),
                            List.of(new IdentityNormalizer("US").phone("15551234567")))
                    .id();
            long chat = db.repositories()
                    .interactions()
                    .open(NewInteraction.inboundMessage(Channel.chat, "earlier-chat", alice, null))
                    .id();
            db.repositories().messages().append(NewMessage.fromCustomer(chat, "My router keeps rebooting", "c1"));
            db.repositories().messages().append(NewMessage.fromCustomer(chat, "Model X200, bought in May", "c2"));

            DesktopClient amyDesktop = DesktopClient.open(omniline, amyClient);
            DesktopClient bobDesktop = DesktopClient.open(omniline, bobClient);
            assertThat(amyDesktop.next("hello").get("agentId").asLong()).isEqualTo(amy);
            bobDesktop.next("hello");

            // Follow Asterisk before the call: the simulator lists no channel for it, so a first
            // reconciliation during the call would close it as ended without Asterisk saying so.
            AmiScripts.awaitAmi(omniline);
            AsteriskAgiCall.of(
                            AgiEnvironment.call("1795455816.1", "15551234567", "100", "ivr"),
                            press("1"),
                            press("12345678#"),
                            press("2"))
                    .run(omniline.agiPort());
            ScriptedCalls.answered("1795455816.1", "support", "PJSIP/1001", 1).forEach(asterisk::emit);

            JsonNode pop = amyDesktop.next("pop");
            assertThat(pop.get("queue").asText()).isEqualTo("support");
            assertThat(pop.at("/customer/customer/displayName").asText()).isEqualTo("Alice Example");
            assertThat(pop.at("/customer/lastChat/messages"))
                    .extracting(message -> message.get("body").asText())
                    .containsExactly("My router keeps rebooting", "Model X200, bought in May");
            assertThat(pop.get("ivrPath")).isNotEmpty();
            assertThat(pop.get("waitedSeconds").isNumber()).isTrue();
            assertThat(amyDesktop.next("call-connected").get("interactionId").asLong())
                    .isEqualTo(pop.get("interactionId").asLong());
            assertThat(amyDesktop.next("call-ended").get("endedBy").asText()).isNotBlank();
            assertThat(bobDesktop.quietFor(500)).isTrue();
        }
    }

    @Test
    void aDesktopNeedsAnAgentsSession() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            assertThat(upgradeStatus(omniline, null)).contains("401");
            ApiClient admin = ApiClient.admin(omniline);
            assertThat(upgradeStatus(omniline, admin.cookie())).contains("403");
        }
    }

    private static String upgradeStatus(Omniline omniline, String cookie) {
        WebSocket.Builder builder = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Origin", "http://127.0.0.1:" + omniline.httpPort());
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        try {
            builder.buildAsync(
                            URI.create("ws://127.0.0.1:" + omniline.httpPort() + DesktopSocket.PATH),
                            new WebSocket.Listener() {})
                    .join();
            return "upgraded";
        } catch (CompletionException e) {
            return e.getCause() instanceof java.net.http.WebSocketHandshakeException refused
                    ? "refused " + refused.getResponse().statusCode()
                    : String.valueOf(e.getCause());
        }
    }
}
