package io.omniline.telephony.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.ami.AmiConnection;
import io.omniline.telephony.ami.AmiException;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.live.AgentStatus;
import io.omniline.telephony.live.LiveState;
import io.omniline.telephony.sim.AmiSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CallControlTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private AmiSimulator asterisk;
    private AmiConnection ami;
    private CallControl control;
    private final List<AmiEvent> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        asterisk = new AmiSimulator(Map.of("omniline", "s3cret"));
        ami = AmiConnection.open(
                "127.0.0.1", asterisk.port(), "omniline", "s3cret", Duration.ofSeconds(5), received::add);
        control = new CallControl(ami::send, db.repositories().interactions());
    }

    @AfterEach
    void disconnect() throws Exception {
        ami.close();
        asterisk.close();
    }

    @Test
    void agentsLogInPauseWithAReasonAndLogOut() throws Exception {
        control.login("PJSIP/1001", "support", 2, "Amy");
        control.pause("PJSIP/1001", null, "lunch");
        control.unpause("PJSIP/1001", "support");
        control.logout("PJSIP/1001", "support");

        assertThat(asterisk.actions())
                .extracting(action -> action.get("Action").orElseThrow())
                .containsExactly("QueueAdd", "QueuePause", "QueuePause", "QueueRemove");
        AmiPacket add = asterisk.actions().get(0);
        assertThat(add.get("Penalty")).contains("2");
        assertThat(add.get("MemberName")).contains("Amy");
        assertThat(asterisk.actions().get(1).get("Reason")).contains("lunch");
        assertThat(asterisk.actions().get(1).get("Queue")).isEmpty();
        assertThatThrownBy(() -> control.logout("PJSIP/1001", "support"))
                .isInstanceOf(AmiException.class)
                .hasMessage("QueueRemove refused by Asterisk: Unable to remove interface: Not there");
    }

    /**
     * Asterisk follows each membership action with its event (ami-03); the live model takes each
     * once: one member, paused with the reason, then available, then gone.
     */
    @Test
    void theLiveModelFollowsTheEventsThatEachMembershipActionBrings() throws Exception {
        LiveState live = new LiveState(Clock.systemUTC());

        control.login("PJSIP/1001", "support", 0, "Amy");
        awaitEvents(1);
        assertThat(follow(live).status("PJSIP/1001")).isEqualTo(AgentStatus.AVAILABLE);
        control.pause("PJSIP/1001", null, "lunch");
        awaitEvents(2);
        assertThat(follow(live).status("PJSIP/1001")).isEqualTo(AgentStatus.PAUSED);
        assertThat(live.pauseReason("PJSIP/1001")).contains("lunch");
        control.unpause("PJSIP/1001", null);
        awaitEvents(3);
        assertThat(follow(live).status("PJSIP/1001")).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(live.queue("support").orElseThrow().agents()).containsOnlyKeys("PJSIP/1001");
        control.logout("PJSIP/1001", "support");
        awaitEvents(4);
        assertThat(follow(live).status("PJSIP/1001")).isEqualTo(AgentStatus.LOGGED_OFF);

        assertThat(memberEvents())
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("QueueMemberAdded", "QueueMemberPause", "QueueMemberPause", "QueueMemberRemoved");
    }

    private List<AmiEvent> memberEvents() {
        return received.stream()
                .filter(event -> event.getClass().getSimpleName().startsWith("QueueMember"))
                .toList();
    }

    private LiveState follow(LiveState live) {
        live.reset();
        received.forEach(live::onEvent);
        return live;
    }

    private void awaitEvents(int count) throws InterruptedException {
        for (int i = 0; i < 100 && memberEvents().size() < count; i++) {
            Thread.sleep(50);
        }
        assertThat(memberEvents()).hasSize(count);
    }

    @Test
    void aCallbackCarriesItsInteractionOntoTheNewLeg() throws Exception {
        control.originateCallback(42, "+14155550100", "callback", null);

        AmiPacket originate = asterisk.actions().get(0);
        assertThat(originate.get("Channel")).contains("Local/+14155550100@omniline-callback-out");
        assertThat(originate.get("Async")).contains("true");
        assertThat(originate.getAll("Variable"))
                .containsExactly("__OMNILINE_INTERACTION_ID=42", "__OMNILINE_QUEUE=callback");
    }

    @Test
    void transfersHangupAndRecordingActOnLiveChannelsOnly() throws Exception {
        String channel = "PJSIP/pstn-00000001";
        asterisk.addChannel(channel);
        long interaction = db.repositories()
                .interactions()
                .open(NewInteraction.inboundCall(UUID.randomUUID().toString(), null, null, null))
                .id();

        control.blindTransfer(channel, "200", "from-pstn");
        control.attendedTransfer(channel, "1002", "agents");
        control.startRecording(interaction, channel, "call-" + interaction + ".wav");
        control.stopRecording(channel);
        control.hangup(channel);

        assertThat(asterisk.actions())
                .extracting(action -> action.get("Action").orElseThrow())
                .containsExactly("Redirect", "Atxfer", "MixMonitor", "StopMixMonitor", "Hangup");
        assertThat(db.repositories()
                        .interactions()
                        .findById(interaction)
                        .orElseThrow()
                        .metadata())
                .containsEntry("recording", "call-" + interaction + ".wav");
        assertThatThrownBy(() -> control.hangup("PJSIP/gone-00000009"))
                .hasMessage("Hangup refused by Asterisk: No such channel");
    }
}
