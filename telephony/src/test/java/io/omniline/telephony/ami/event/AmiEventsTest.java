package io.omniline.telephony.ami.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.capture.CapturedPackets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Asterisk's real packets decoded into typed events, the odd ones of the 2026-11-30 captures first. */
class AmiEventsTest {

    @Test
    void anAgentCompleteWithoutEitherBlockKeepsTheMemberAndTheTimes() {
        AmiEvent.AgentComplete complete = only(
                events("ami-13a-load-10-calls-agentcomplete-without-channel-fields.txt"),
                AmiEvent.AgentComplete.class,
                event -> event.caller() == null);

        assertThat(complete.agent()).isNull();
        assertThat(complete.memberInterface()).isEqualTo("Local/agent2@agents");
        assertThat(complete.queue()).isEqualTo("load");
        assertThat(complete.holdTime()).isEqualTo(8);
        assertThat(complete.talkTime()).isZero();
        assertThat(complete.reason()).isEqualTo("caller");
    }

    @Test
    void anAgentCompleteWithoutTheAgentsBlockStillNamesTheCaller() {
        AmiEvent.AgentComplete complete = only(
                events("ami-13b-load-10-calls-agentcomplete-without-agent-fields.txt"),
                AmiEvent.AgentComplete.class,
                event -> event.agent() == null);

        assertThat(complete.caller().channel()).isEqualTo("Local/120@from-pstn-00000001;2");
        assertThat(complete.talkTime()).isEqualTo(7);
        assertThat(complete.reason()).isEqualTo("agent");
    }

    @Test
    void aQueueTimeoutIsAnAbandonFollowedByQueueStatusTimeoutOnTheSameChannel() {
        List<AmiEvent> events = events("ami-16-queue-timeout-then-originate-callbacks.txt");
        AmiEvent.QueueCallerAbandon abandon = only(events, AmiEvent.QueueCallerAbandon.class, event -> true);
        AmiEvent.VarSet status =
                only(events, AmiEvent.VarSet.class, event -> event.variable().equals("QUEUESTATUS"));

        assertThat(abandon.holdTime()).isEqualTo(8);
        assertThat(status.value()).isEqualTo("TIMEOUT");
        assertThat(status.channel().uniqueId()).isEqualTo(abandon.caller().uniqueId());
        assertThat(events.indexOf(status)).isGreaterThan(events.indexOf(abandon));
    }

    @Test
    void originateResponsesAreEventsWithTheirOutcome() {
        List<AmiEvent.OriginateResponse> responses =
                events("ami-16-queue-timeout-then-originate-callbacks.txt").stream()
                        .filter(AmiEvent.OriginateResponse.class::isInstance)
                        .map(AmiEvent.OriginateResponse.class::cast)
                        .filter(response -> response.actionId().startsWith("callback-"))
                        .toList();

        assertThat(responses)
                .extracting(
                        AmiEvent.OriginateResponse::actionId,
                        AmiEvent.OriginateResponse::success,
                        AmiEvent.OriginateResponse::reason,
                        AmiEvent.OriginateResponse::uniqueId)
                .containsExactly(
                        tuple("callback-cb-4711", true, 4, "1796050279.8"),
                        tuple("callback-cb-4712", false, 0, null),
                        tuple("callback-cb-4713", false, 5, null),
                        tuple("callback-cb-4714", false, 3, null));
    }

    @Test
    void voicemailLeavesItsStatusAndAMessageWaitingWithTheCallersChannel() {
        List<AmiEvent> failed = events("ami-14-voicemail-no-mailbox-vmstatus-failed.txt");
        assertThat(only(failed, AmiEvent.VarSet.class, event -> event.variable().equals("VMSTATUS"))
                        .value())
                .isEqualTo("FAILED");

        List<AmiEvent> left = events("ami-15-voicemail-message-left-messagewaiting.txt");
        AmiEvent.MessageWaiting waiting = only(left, AmiEvent.MessageWaiting.class, event -> event.channel() != null);
        assertThat(waiting.mailbox()).isEqualTo("support@default");
        assertThat(waiting.newMessages()).isEqualTo(1);
        assertThat(only(left, AmiEvent.VarSet.class, event -> event.variable().equals("VM_MESSAGEFILE"))
                        .value())
                .isEqualTo("/var/spool/asterisk/voicemail/default/support/INBOX/msg0000");
        assertThat(only(left, AmiEvent.VarSet.class, event -> event.variable().equals("VMSTATUS"))
                        .value())
                .isEqualTo("SUCCESS");
    }

    @Test
    void restartAndReloadAreTyped() {
        List<AmiEvent> restart = events("ami-11-asterisk-restart-reconnect-before-fullybooted.txt");
        assertThat(only(restart, AmiEvent.Shutdown.class, event -> true).restart())
                .isTrue();
        assertThat(restart).filteredOn(AmiEvent.FullyBooted.class::isInstance).hasSize(2);
        assertThat(only(restart, AmiEvent.MessageWaiting.class, event -> true).channel())
                .isNull();

        List<AmiEvent.Reload> reloads = events("ami-12-module-reload-and-core-reload-events.txt").stream()
                .filter(AmiEvent.Reload.class::isInstance)
                .map(AmiEvent.Reload.class::cast)
                .toList();
        assertThat(reloads)
                .extracting(AmiEvent.Reload::module)
                .containsExactly("app_queue.so", "All", "app_queue.so", "no_such_module.so");
        assertThat(reloads).extracting(AmiEvent.Reload::reloadedQueues).containsExactly(true, true, true, false);
        assertThat(events("ami-12-module-reload-and-core-reload-events.txt"))
                .filteredOn(AmiEvent.VarSet.class::isInstance)
                .allSatisfy(
                        event -> assertThat(((AmiEvent.VarSet) event).channel()).isNull());
    }

    @Test
    void anEventWithoutTheChannelItIsAboutStaysUntyped() {
        AmiEvent event = AmiEvents.decode(new AmiPacket(
                List.of(
                        Map.entry("Event", "AgentConnect"),
                        Map.entry("Queue", "support"),
                        Map.entry("Interface", "PJSIP/1001")),
                List.of()));

        assertThat(event).isInstanceOf(AmiEvent.Other.class);
        assertThat(((AmiEvent.Other) event).name()).isEqualTo("AgentConnect");
    }

    @Test
    void numbersThatAreNotNumbersReadAsZero() {
        AmiEvent event = AmiEvents.decode(new AmiPacket(
                List.of(
                        Map.entry("Event", "Reload"),
                        Map.entry("Module", "app_queue.so"),
                        Map.entry("Status", "99999999999999999999x")),
                List.of()));

        assertThat(event).isEqualTo(new AmiEvent.Reload("app_queue.so", 0));
    }

    private static List<AmiEvent> events(String capture) {
        return CapturedPackets.fromAsterisk(capture).stream()
                .filter(AmiPacket::isEvent)
                .map(AmiEvents::decode)
                .toList();
    }

    private static <T extends AmiEvent> T only(List<AmiEvent> events, Class<T> type, Predicate<T> which) {
        List<T> found = events.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(which)
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
