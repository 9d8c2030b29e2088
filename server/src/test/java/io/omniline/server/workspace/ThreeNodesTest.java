package io.omniline.server.workspace;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.bridge.testing.ChatClient;
import io.omniline.db.account.AccountRole;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.ApiClient;
import io.omniline.server.NodeProcess;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.ScriptedCalls;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three Omniline nodes on one database and one Asterisk. Node A follows Asterisk's AMI and is
 * killed mid-call (a JVM of its own, SIGKILL); B and C run here. Within 10 s one of them holds
 * the server's lock, logs in, reads the live model again and reconciles the call A was following;
 * the next call, taken by FastAGI on another node, still pops on the agent's desktop connected to
 * the node that does not follow Asterisk. And a chat visitor and their agent on different nodes
 * hear each other both ways.
 */
class ThreeNodesTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String CALLER = "15557654321";

    @Test
    void theAmiOwnerDiesMidCallAnotherNodeTakesOverAndTheNextCallPopsOnTheThirdNode() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                NodeProcess nodeA = NodeProcess.start(
                        db.settings(),
                        Map.of(
                                "OMNILINE_AMI_PORT",
                                String.valueOf(asterisk.port()),
                                "OMNILINE_AMI_MAX_BACKOFF_SECONDS",
                                "2"))) {
            nodeA.awaitLog("this node follows Asterisk 'default' now");
            await(() -> asterisk.logins() == 1, 30);
            try (Omniline nodeB = Omniline.start(
                            TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                            TestConfigs.OPENING_HOURS);
                    Omniline nodeC = Omniline.start(
                            TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                            TestConfigs.OPENING_HOURS)) {
                long cleo = db.repositories()
                        .agents()
                        .create("cleo", "Cleo", "PJSIP/1004", Map.of(), Map.of("support", 0), "test")
                        .id();
                db.repositories()
                        .customers()
                        .create("Dev Patel", Map.of(), List.of(new IdentityNormalizer("US").phone(CALLER)));
                DesktopClient onB =
                        desktop(nodeB, ApiClient.as(nodeB, db.repositories(), "cleo", AccountRole.agent, cleo));
                DesktopClient onC = desktop(nodeC, ApiClient.signIn(nodeC, "cleo", "cleo"));
                assertThat(asterisk.logins())
                        .as("B and C wait while A follows Asterisk")
                        .isEqualTo(1);

                call(nodeB, "1795456000.9");
                List<byte[]> first = ScriptedCalls.answered("1795456000.9", "support", "PJSIP/1004", 3);
                int connected = AmiScripts.indexOf(first, "Event: AgentConnect");
                first.subList(0, connected + 1).forEach(asterisk::emit);
                assertThat(onC.next("pop").at("/customer/customer/displayName").asText())
                        .as("A's pop reaches C over the node bus")
                        .isEqualTo("Dev Patel");
                onC.next("call-connected");
                await(() -> interaction("1795456000.9").state() == InteractionState.active, 10);

                nodeA.kill();
                first.subList(connected + 1, first.size()).forEach(asterisk::emit);

                await(() -> asterisk.logins() == 2, 10);
                Omniline owner = nodeB.scrape().contains("omniline_ami_connected 1.0") ? nodeB : nodeC;
                Omniline third = owner == nodeB ? nodeC : nodeB;
                DesktopClient onThird = owner == nodeB ? onC : onB;
                assertThat(third.scrape()).contains("omniline_ami_connected 0.0");
                await(() -> owner.scrape().contains("omniline_live_model_complete 1.0"), 10);
                await(() -> interaction("1795456000.9").state() == InteractionState.wrap_up, 10);
                assertThat(interaction("1795456000.9").talkSeconds())
                        .as("the hangup A never heard")
                        .isNull();
                assertThat(onThird.next("call-ended").get("endedBy").asText()).isEqualTo("unobserved");

                call(third, "1795456100.12");
                ScriptedCalls.answered("1795456100.12", "support", "PJSIP/1004", 4)
                        .forEach(asterisk::emit);
                JsonNode pop = onThird.next("pop");
                assertThat(pop.at("/customer/customer/displayName").asText()).isEqualTo("Dev Patel");
                assertThat(pop.get("interactionId").asLong())
                        .isEqualTo(interaction("1795456100.12").id());
                assertThat(onThird.next("call-connected").get("interactionId").asLong())
                        .isEqualTo(pop.get("interactionId").asLong());
            }
        }
    }

    @Test
    void aChatVisitorAndTheirAgentOnDifferentNodesHearEachOtherBothWays() throws Exception {
        try (Omniline nodeB = Omniline.start(TestConfigs.forDatabase(db.settings()));
                Omniline nodeC = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            String login = "priya-" + UUID.randomUUID();
            long priya = db.repositories()
                    .agents()
                    .create(login, "Priya", null, Map.of(), Map.of("chat", 0), "test")
                    .id();
            ApiClient agentOnC = ApiClient.as(nodeC, db.repositories(), login, AccountRole.agent, priya);
            DesktopClient desktop = DesktopClient.open(nodeC, agentOnC);
            desktop.next("hello");
            agentOnC.call("PUT", "/api/me/digital", "{\"capacity\": 2}", 200);

            try (ChatClient visitorOnB = ChatClient.connect(nodeB.chatPort().orElseThrow())) {
                visitorOnB.hello(null, "Noor", null, null).next("welcome");
                visitorOnB.say("1", "Can I change my delivery address?").next("ack");
                long conversation = desktop.next("offer").get("interactionId").asLong();

                agentOnC.call("POST", "/api/conversations/" + conversation + "/accept", null, 200);
                assertThat(visitorOnB.next("joined").toString()).contains("Priya");
                agentOnC.call(
                        "POST",
                        "/api/conversations/" + conversation + "/messages",
                        "{\"text\": \"Sure, which one?\"}",
                        201);
                JsonNode reply = visitorOnB.next("message");
                assertThat(reply.toString()).contains("Sure, which one?").contains("Priya");

                visitorOnB.say("2", "The one on Elm Street").next("ack");
                JsonNode written = desktop.next("message");
                while (!written.at("/message/body").asText().equals("The one on Elm Street")) {
                    written = desktop.next("message");
                }
                assertThat(written.get("interactionId").asLong()).isEqualTo(conversation);

                agentOnC.call("POST", "/api/conversations/" + conversation + "/close", null, 200);
                assertThat(visitorOnB.next("ended").toString()).contains("agent");
            }
        }
    }

    private static DesktopClient desktop(Omniline node, ApiClient agent) throws Exception {
        DesktopClient desktop = DesktopClient.open(node, agent);
        desktop.next("hello");
        return desktop;
    }

    /** A caller dials 100, gives their account number and asks for support, through this node's FastAGI. */
    private static void call(Omniline node, String uniqueId) throws Exception {
        AsteriskAgiCall.of(
                        AgiEnvironment.call(uniqueId, CALLER, "100", "ivr"), press("1"), press("12345678#"), press("2"))
                .run(node.agiPort());
    }

    private static Interaction interaction(String uniqueId) {
        return db.repositories()
                .interactions()
                .findByExternalId(Channel.voice, uniqueId)
                .orElseThrow();
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("within " + seconds + " s").isTrue();
    }
}
