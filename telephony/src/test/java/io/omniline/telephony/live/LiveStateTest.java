package io.omniline.telephony.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ami.event.AmiEvents;
import io.omniline.telephony.capture.CapturedPackets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live model fed with Asterisk's real event streams. */
class LiveStateTest {

    private final LiveState live = new LiveState(Clock.fixed(Instant.parse("2026-11-23T17:43:40Z"), ZoneOffset.UTC));

    @BeforeEach
    void resynchronizedFromQueueStatus() {
        new Cursor("ami-02-actions-idle-system.txt").feedAll();
    }

    @Test
    void aResyncFromQueueStatusKnowsEveryQueueAndMember() {
        assertThat(live.queue("support")).get().satisfies(support -> {
            assertThat(support.agents())
                    .containsOnlyKeys("Local/agent1@agents", "Local/agent2@agents", "Local/agent3@agents");
            assertThat(support.callers()).isEmpty();
        });
        assertThat(live.queues()).extracting(QueueSnapshot::name).contains("sales", "support");
        assertThat(live.status("Local/agent1@agents")).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(live.status("PJSIP/nobody")).isEqualTo(AgentStatus.LOGGED_OFF);
    }

    @Test
    void pausesWithReasonsAndDynamicMembersAreFollowed() {
        Cursor events = new Cursor("ami-03-queue-member-pause-add-remove-events.txt");

        events.feedThrough("QueueMemberPause");
        assertThat(live.status("Local/agent3@agents")).isEqualTo(AgentStatus.PAUSED);
        assertThat(live.pauseReason("Local/agent3@agents")).contains("lunch");

        events.feedThrough("QueueMemberAdded");
        assertThat(live.status("Local/agent3@agents")).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(live.status("Local/agent9@agents")).isEqualTo(AgentStatus.AVAILABLE);

        events.feedThrough("QueueMemberRemoved");
        assertThat(live.status("Local/agent9@agents")).isEqualTo(AgentStatus.LOGGED_OFF);
    }

    @Test
    void aCallMovesThroughTheQueueAndTheAgent() {
        Cursor call = new Cursor("ami-04-call-ivr-queue-answered-agent-hangs-up.txt");

        call.feedThrough("QueueCallerJoin");
        assertThat(live.queue("support").orElseThrow().callers()).containsExactly("1795455816.1");

        call.feedThrough("AgentCalled");
        assertThat(live.status("Local/agent1@agents")).isEqualTo(AgentStatus.RINGING);

        call.feedThrough("AgentConnect");
        assertThat(live.status("Local/agent1@agents")).isEqualTo(AgentStatus.ON_CALL);
        assertThat(live.queue("support").orElseThrow().callers()).isEmpty();
        assertThat(live.channel("1795455816.1")).get().satisfies(caller -> {
            assertThat(caller.channel()).isEqualTo("Local/100@from-pstn-00000000;2");
            assertThat(caller.state()).isEqualTo("Up");
            assertThat(caller.linkedId()).isEqualTo("1795455816.0");
            assertThat(caller.callerIdNumber()).isEqualTo("15551234567");
        });
        assertThat(live.channels()).extracting(ChannelSnapshot::linkedId).containsOnly("1795455816.0");

        call.feedThrough("AgentComplete");
        assertThat(live.status("Local/agent1@agents")).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(live.queue("support").orElseThrow().completed()).isEqualTo(1);

        call.feedAll();
        assertThat(live.channels()).as("every channel of the call hung up").isEmpty();
    }

    @Test
    void anAbandonedCallLeavesTheLineAndCounts() {
        Cursor call = new Cursor("ami-06-call-ivr-queue-ringnoanswer-then-abandon.txt");

        call.feedThrough("AgentRingNoAnswer");
        assertThat(live.queue("sales").orElseThrow().callers()).hasSize(1);

        call.feedAll();
        QueueSnapshot sales = live.queue("sales").orElseThrow();
        assertThat(sales.callers()).isEmpty();
        assertThat(sales.abandoned()).isEqualTo(1);
    }

    /** The caller hangs up while the agent's phone rings: no AgentRingNoAnswer comes, only the abandon. */
    @Test
    void aCallerWhoHangsUpWhileItRingsStopsTheRing() {
        Cursor call = new Cursor("ami-06-call-ivr-queue-ringnoanswer-then-abandon.txt");
        call.feedThrough("AgentRingNoAnswer");
        call.feedThrough("AgentCalled");
        assertThat(live.status("Local/slow1@agents")).isEqualTo(AgentStatus.RINGING);

        call.feedThrough("QueueCallerAbandon");

        assertThat(live.status("Local/slow1@agents")).isEqualTo(AgentStatus.AVAILABLE);
    }

    @Test
    void aQueueCallRingingProvesTheMembershipBeforeAnyMemberEvent() {
        live.reset();
        Cursor call = new Cursor("ami-04-call-ivr-queue-answered-agent-hangs-up.txt");

        call.feedThrough("AgentCalled");

        assertThat(live.status("Local/agent1@agents")).isEqualTo(AgentStatus.RINGING);
    }

    @Test
    void afterAResyncDeviceStateTellsWhoIsOnACall() {
        live.reset();
        live.onEvent(AmiEvents.decode(new AmiPacket(
                List.of(
                        Map.entry("Event", "QueueMember"), Map.entry("Queue", "support"),
                        Map.entry("Location", "PJSIP/1001"), Map.entry("Status", "2"),
                        Map.entry("InCall", "1"), Map.entry("Paused", "0")),
                List.of())));

        assertThat(live.status("PJSIP/1001")).isEqualTo(AgentStatus.ON_CALL);
    }

    @Test
    void coreShowChannelsRebuildsTheChannelsAfterAReset() {
        Cursor call = new Cursor("ami-04-call-ivr-queue-answered-agent-hangs-up.txt");
        call.feedThrough("AgentConnect");
        live.reset();

        call.feedThrough("CoreShowChannelsComplete");

        assertThat(live.channels())
                .hasSize(4)
                .extracting(ChannelSnapshot::state)
                .containsOnly("Up");
    }

    @Test
    void resetForgetsEverythingUntilTheNextResync() {
        live.reset();

        assertThat(live.queues()).isEmpty();
        assertThat(live.status("Local/agent1@agents")).isEqualTo(AgentStatus.LOGGED_OFF);
    }

    /** Walks one capture's packets into the live state. */
    private final class Cursor {
        private final List<AmiPacket> packets;
        private int next;

        Cursor(String capture) {
            packets = CapturedPackets.fromAsterisk(capture);
        }

        void feedThrough(String event) {
            while (next < packets.size()) {
                AmiPacket packet = packets.get(next++);
                live.onEvent(AmiEvents.decode(packet));
                if (packet.get("Event").filter(event::equals).isPresent()) {
                    return;
                }
            }
            throw new AssertionError(event + " not found");
        }

        void feedAll() {
            while (next < packets.size()) {
                live.onEvent(AmiEvents.decode(packets.get(next++)));
            }
        }
    }
}
