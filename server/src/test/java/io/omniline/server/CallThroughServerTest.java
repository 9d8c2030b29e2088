package io.omniline.server;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fresh Omniline answers a call from the Asterisk simulator with its example flows, and counts it. */
class CallThroughServerTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void extensionHundredRunsTheMainFlowAndAmiIsFollowed() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            // Follow Asterisk before the call: the simulator lists no channel for it, so a first
            // reconciliation during the call would close it as ended without Asterisk saying so.
            AmiScripts.awaitAmi(omniline);
            AsteriskAgiCall call = AsteriskAgiCall.of(
                            AgiEnvironment.call("1795455816.1", "15551234567", "100", "ivr"),
                            press("1"),
                            press("12345678#"),
                            press("2"))
                    .run(omniline.agiPort());

            assertThat(call.variables()).containsEntry("OMNILINE_ACTION", "queue");
            assertThat(db.repositories().interactions().findByExternalId(Channel.voice, "1795455816.1"))
                    .get()
                    .extracting(interaction -> interaction.state())
                    .isIn(InteractionState.queued);
            String metrics = omniline.scrape();
            assertThat(metrics)
                    .contains("omniline_ivr_calls_total{outcome=\"queued\"} 1.0")
                    .contains("omniline_agi_sessions_active 0.0");
            assertThat(omniline.scrape()).contains("omniline_ami_connected 1.0");

            asterisk.emit(("Event: QueueMemberAdded\r\nPrivilege: agent,all\r\nQueue: support\r\nMemberName: Amy\r\n"
                            + "Interface: PJSIP/1001\r\nMembership: dynamic\r\nPenalty: 0\r\nInCall: 0\r\nStatus: 1\r\n"
                            + "Paused: 0\r\nPausedReason: \r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String live = "";
            ApiClient admin = ApiClient.admin(omniline);
            for (int i = 0; i < 100 && !live.contains("PJSIP/1001"); i++) {
                Thread.sleep(100);
                live = admin.call("GET", "/api/live/queues", null, 200).toString();
            }
            assertThat(live).contains("\"name\":\"support\"").contains("\"PJSIP/1001\":\"AVAILABLE\"");
        }
    }
}
