package io.omniline.server.workspace;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.db.account.AccountRole;
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
 * Two Omniline nodes share one database; only node A follows Asterisk. The ringing agent's
 * desktop is connected to node B and still gets the pop, through PostgreSQL LISTEN/NOTIFY.
 */
class DesktopAcrossNodesTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void aPopReachesTheAgentOnAnotherNode() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline nodeA = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS);
                Omniline nodeB = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            long cleo = db.repositories()
                    .agents()
                    .create("cleo", "Cleo", "PJSIP/1004", Map.of(), Map.of("support", 0), "test")
                    .id();
            ApiClient cleoOnB = ApiClient.as(nodeB, db.repositories(), "cleo", AccountRole.agent, cleo);
            db.repositories()
                    .customers()
                    .create("Dev Patel", Map.of(), List.of(new IdentityNormalizer("US").phone("15557654321")));
            DesktopClient desktop = DesktopClient.open(nodeB, cleoOnB);
            desktop.next("hello");

            // Follow Asterisk before the call: the simulator lists no channel for it, so a first
            // reconciliation during the call would close it as ended without Asterisk saying so.
            AmiScripts.awaitAmi(nodeA);
            AsteriskAgiCall.of(
                            AgiEnvironment.call("1795456000.9", "15557654321", "100", "ivr"),
                            press("1"),
                            press("12345678#"),
                            press("2"))
                    .run(nodeA.agiPort());
            ScriptedCalls.answered("1795456000.9", "support", "PJSIP/1004", 3).forEach(asterisk::emit);

            JsonNode pop = desktop.next("pop");
            assertThat(pop.at("/customer/customer/displayName").asText()).isEqualTo("Dev Patel");
            assertThat(desktop.next("call-connected").get("interactionId").asLong())
                    .isEqualTo(pop.get("interactionId").asLong());
        }
    }
}
