package io.omniline.server.api;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.account.AccountRole;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.control.AgentPhone;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.ScriptedCalls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The agent's phone actions reach Asterisk (the AMI simulator) as the right manager actions. */
class PhoneApiTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void anAgentLogsInToTheirQueuesPausesAndTransfersAndCallsBackTheirOwnCall() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            AgentRepository agents = db.repositories().agents();
            long dana = agents.create(
                            "dana", "Dana", "PJSIP/1001", Map.of(), Map.of("support", 0, "billing", 2), "test")
                    .id();
            long eli = agents.create("eli", "Eli", "PJSIP/1002", Map.of(), Map.of("support", 0), "test")
                    .id();
            ApiClient danaClient = ApiClient.as(omniline, db.repositories(), "dana", AccountRole.agent, dana);
            ApiClient eliClient = ApiClient.as(omniline, db.repositories(), "eli", AccountRole.agent, eli);
            AmiScripts.awaitAmi(omniline);

            danaClient.call("POST", "/api/me/queues/login", null, 200);
            assertThat(sent(asterisk, "QueueAdd"))
                    .extracting(action -> action.get("Queue").orElseThrow())
                    .containsExactlyInAnyOrder("support", "billing");
            danaClient.call("POST", "/api/me/pause", "{}", 400);
            danaClient.call("POST", "/api/me/pause", "{\"reason\": \"lunch\"}", 200);
            assertThat(sent(asterisk, "QueuePause").getLast().get("Reason")).contains("lunch");
            danaClient.call("POST", "/api/me/unpause", null, 200);
            assertThat(sent(asterisk, "QueuePause").getLast().get("Paused")).contains("false");

            AsteriskAgiCall.of(
                            AgiEnvironment.call("1795458000.3", "15553334444", "100", "ivr"),
                            press("1"),
                            press("12345678#"),
                            press("2"))
                    .run(omniline.agiPort());
            List<byte[]> call = ScriptedCalls.answered("1795458000.3", "support", "PJSIP/1001", 4);
            int completed = AmiScripts.indexOf(call, "Event: AgentComplete");
            call.subList(0, completed).forEach(asterisk::emit);
            String callerChannel = AmiScripts.callerChannel(call);
            asterisk.addChannel(callerChannel);
            InteractionRepository interactions = db.repositories().interactions();
            long id = awaitState(interactions, "1795458000.3", InteractionState.active);

            eliClient.call(
                    "POST", "/api/calls/" + id + "/transfer", "{\"kind\": \"blind\", \"extension\": \"1002\"}", 403);
            danaClient.call(
                    "POST", "/api/calls/" + id + "/transfer", "{\"kind\": \"blind\", \"extension\": \"10 02\"}", 400);
            danaClient.call(
                    "POST", "/api/calls/" + id + "/transfer", "{\"kind\": \"blind\", \"extension\": \"1002\"}", 200);
            AmiPacket redirect = sent(asterisk, "Redirect").getLast();
            assertThat(redirect.get("Channel")).contains(callerChannel);
            assertThat(redirect.get("Exten")).contains("1002");
            assertThat(redirect.get("Context")).contains(AgentPhone.TRANSFER_CONTEXT);

            danaClient.call("POST", "/api/calls/" + id + "/callback", "{\"number\": \"+15553334444\"}", 200);
            assertThat(sent(asterisk, "Originate").getLast().getAll("Variable").toString())
                    .contains(String.valueOf(id));

            asterisk.close();
            assertThat(danaClient
                            .call("POST", "/api/me/pause", "{\"reason\": \"lunch\"}", 409)
                            .get("error")
                            .asText())
                    .as("the agent is told what happened, not the AMI action's name")
                    .isEqualTo("Asterisk could not be reached, so nothing was done; try again in a moment");
        }
    }

    @Test
    void withoutAmiThePhoneSaysSo() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            long fay = db.repositories()
                    .agents()
                    .create("fay", "Fay", "PJSIP/1005", Map.of(), Map.of("support", 0), "test")
                    .id();
            ApiClient client = ApiClient.as(omniline, db.repositories(), "fay", AccountRole.agent, fay);

            assertThat(client.call("POST", "/api/me/queues/login", null, 409)
                            .get("error")
                            .asText())
                    .contains("not connected to a phone system")
                    .doesNotContain("ami.enabled");
        }
    }

    private static List<AmiPacket> sent(AmiSimulator asterisk, String action) {
        return asterisk.actions().stream()
                .filter(packet -> packet.get("Action").orElse("").equals(action))
                .toList();
    }

    private static long awaitState(InteractionRepository interactions, String uniqueId, InteractionState state)
            throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var found = interactions.findByExternalId(Channel.voice, uniqueId);
            if (found.isPresent() && found.get().state() == state) {
                return found.get().id();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("call " + uniqueId + " never reached " + state);
    }
}
