package io.omniline.telephony.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.ami.AmiDecoder;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEvents;
import io.omniline.telephony.capture.CapturedPackets;
import io.omniline.telephony.sim.ScriptedCalls;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The call tracker fed with Asterisk's real event streams: what each call's interaction ends
 * up as, the desktop's call events, and what a database outage in the middle changes (nothing).
 */
class CallEventTrackerTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private static final String LOAD_WITHOUT_ANY_BLOCK =
            "ami-13a-load-10-calls-agentcomplete-without-channel-fields.txt";
    private static final String LOAD_WITHOUT_AGENT_BLOCK =
            "ami-13b-load-10-calls-agentcomplete-without-agent-fields.txt";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();
    private CallWorker worker;
    private CallEventTracker tracker;
    private InteractionRepository interactions;

    private void start() {
        interactions = db.repositories().interactions();
        worker = new CallWorker(
                events::add,
                new CallWorker.Settings(
                        4, 10_000, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(300)),
                registry);
        tracker = new CallEventTracker(
                worker, new CallUpdates(interactions, db.repositories().agents()), registry);
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void anAgentCompleteWithNeitherTheCallersNorTheAgentsBlockStillEndsItsCallWithAsterisksTimes() throws Exception {
        start();
        agents("Local/agent1@agents", "Local/agent2@agents");
        List<AmiEvent> stream = events(LOAD_WITHOUT_ANY_BLOCK);
        Map<String, Interaction> calls = queuedCallers(stream);

        replay(stream);

        Interaction four = interaction("1796049566.227");
        assertThat(four.state()).isEqualTo(InteractionState.wrap_up);
        assertThat(four.talkSeconds())
                .as("TalkTime of the stripped AgentComplete")
                .isZero();
        assertThat(four.holdSeconds()).isEqualTo(8);
        assertEveryCallEndedAsAsteriskSaid(stream, calls.keySet());
        assertThat(registry.get("omniline_ami_unmatched_agent_complete_total")
                        .counter()
                        .count())
                .isZero();
    }

    @Test
    void anAgentCompleteWithoutTheAgentsBlockEndsItsCall() throws Exception {
        start();
        agents("Local/agent1@agents", "Local/agent2@agents");
        List<AmiEvent> stream = events(LOAD_WITHOUT_AGENT_BLOCK);
        Map<String, Interaction> calls = queuedCallers(stream);

        replay(stream);

        assertEveryCallEndedAsAsteriskSaid(stream, calls.keySet());
    }

    @Test
    void callsAnsweredByMembersOmnilineDoesNotKnowAreCompletedNotLeftQueued() throws Exception {
        start();
        List<AmiEvent> stream = events(LOAD_WITHOUT_ANY_BLOCK);
        Map<String, Interaction> calls = queuedCallers(stream);

        replay(stream);

        for (String uniqueId : calls.keySet()) {
            Interaction call = interaction(uniqueId);
            assertThat(call.state()).as(uniqueId).isEqualTo(InteractionState.ended);
            assertThat(call.outcome())
                    .as(uniqueId)
                    .isIn(InteractionOutcome.completed, InteractionOutcome.abandoned_in_queue);
            assertThat(call.agentId()).isNull();
        }
        Interaction four = interaction("1796049566.227");
        assertThat(four.outcome()).isEqualTo(InteractionOutcome.completed);
        assertThat(four.metadata()).containsKey("member");
    }

    @Test
    void aQueueTimeoutSendsTheCallerBackToTheIvrAndIsNotCountedAnAbandon() throws Exception {
        start();
        agents("Local/agent1@agents");
        List<AmiEvent> stream = events("ami-16-queue-timeout-then-originate-callbacks.txt");
        String caller = queuedCallers(stream).keySet().iterator().next();
        int status =
                indexOf(stream, event -> event instanceof AmiEvent.VarSet set && "QUEUESTATUS".equals(set.variable()));

        replay(stream.subList(0, status + 1));
        Interaction timedOut = interaction(caller);
        assertThat(timedOut.state()).isEqualTo(InteractionState.ivr);
        assertThat(timedOut.metadata()).containsKey("queueTimeout");
        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("CallerQueued", "AgentRinging", "RingEnded", "QueueTimedOut");
        assertThat(((CallEvent.RingEnded) events.get(2)).how()).isEqualTo(RingEnd.NO_ANSWER);

        replay(stream.subList(status + 1, stream.size()));
        Interaction ended = interaction(caller);
        assertThat(ended.outcome())
                .as("the dialplan hung up after the timeout")
                .isEqualTo(InteractionOutcome.queue_timeout);
        assertThat(events).noneMatch(CallEvent.CallerAbandoned.class::isInstance);
    }

    @Test
    void everyRingEndsWithAnEventSayingHow() throws Exception {
        start();
        agents("Local/slow1@agents");
        List<AmiEvent> stream = events("ami-06-call-ivr-queue-ringnoanswer-then-abandon.txt");
        queuedCallers(stream);

        replay(stream);

        assertThat(events)
                .extracting(event -> event instanceof CallEvent.RingEnded ended
                        ? "RingEnded " + ended.how()
                        : event.getClass().getSimpleName())
                .containsExactly(
                        "CallerQueued",
                        "AgentRinging",
                        "RingEnded NO_ANSWER",
                        "AgentRinging",
                        "RingEnded CALLER_ABANDONED",
                        "CallerAbandoned");
        assertThat(((CallEvent.RingEnded) events.get(2)).agentId()).isNotNull();
    }

    @Test
    void aDatabaseOutageInTheMiddleOfACallLosesNothingAndTheReaderNeverWaits() throws Exception {
        start();
        long agent = agents("Local/agent1@agents").get(0);
        List<AmiEvent> stream = events("ami-04-call-ivr-queue-answered-agent-hangs-up.txt");
        String caller = queuedCallers(stream).keySet().iterator().next();
        int connect = indexOf(stream, AmiEvent.AgentConnect.class::isInstance);
        replay(stream.subList(0, connect));
        assertThat(interaction(caller).state()).isEqualTo(InteractionState.offered);

        try (TestDatabase.Outage outage = db.outage()) {
            stream.subList(connect, stream.size()).forEach(tracker::onEvent);
            assertThat(worker.pending())
                    .as("handed over while the database is down")
                    .isPositive();
            Thread.sleep(1_500);
            assertThat(worker.pending()).isPositive();
        }
        assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();

        Interaction call = interaction(caller);
        AmiEvent.AgentComplete complete =
                (AmiEvent.AgentComplete) stream.get(indexOf(stream, AmiEvent.AgentComplete.class::isInstance));
        assertThat(call.state()).isEqualTo(InteractionState.wrap_up);
        assertThat(call.agentId()).isEqualTo(agent);
        assertThat(call.talkSeconds()).isEqualTo(complete.talkTime());
        assertThat(call.holdSeconds()).isEqualTo(complete.holdTime());
        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("CallerQueued", "AgentRinging", "AgentConnected", "CallCompleted");
        assertThat(registry.get("omniline_ami_call_work_retries_total")
                        .counter()
                        .count())
                .isPositive();
        assertThat(registry.get("omniline_ami_call_work_lost_total").counter().count())
                .isZero();
        assertThat(registry.get("omniline_ami_call_work_failed_total").counter().count())
                .isZero();
    }

    /**
     * The ring is announced from what the caller's join left in memory, so the desktop pops before
     * anything is written; the offer is stored right after it, in the call's order.
     */
    @Test
    void aRingIsAnnouncedBeforeItsOfferIsStored() throws Exception {
        interactions = db.repositories().interactions();
        List<InteractionState> atRing = new CopyOnWriteArrayList<>();
        worker = new CallWorker(
                event -> {
                    if (event instanceof CallEvent.AgentRinging ringing) {
                        atRing.add(interactions
                                .findById(ringing.interactionId())
                                .orElseThrow()
                                .state());
                    }
                },
                new CallWorker.Settings(
                        4, 10_000, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(300)),
                registry);
        tracker = new CallEventTracker(
                worker, new CallUpdates(interactions, db.repositories().agents()), registry);
        agents("PJSIP/1001");
        List<AmiEvent> stream = scripted(ScriptedCalls.answered("1800000031.1", "support", "PJSIP/1001", 31));
        queuedCallers(stream);

        replay(stream.subList(0, indexOf(stream, AmiEvent.AgentConnect.class::isInstance)));

        assertThat(atRing).containsExactly(InteractionState.queued);
        assertThat(interaction("1800000031.1").state()).isEqualTo(InteractionState.offered);
    }

    /**
     * A statement that hangs (here: a row another transaction holds locked) is cut at its
     * deadline and tried again, while other calls' updates go on; once the lock goes, it lands.
     */
    @Test
    void aHungStatementIsCutAtItsDeadlineAndRetriedWhileOtherCallsGoOn() throws Exception {
        start();
        agents("PJSIP/1001", "PJSIP/1002");
        List<AmiEvent> first = scripted(ScriptedCalls.answered("1800000021.1", "support", "PJSIP/1001", 21));
        List<AmiEvent> second = scripted(ScriptedCalls.answered("1800000022.1", "support", "PJSIP/1002", 22));
        long stuck = queuedCallers(first).get("1800000021.1").id();
        queuedCallers(second);

        try (Connection locker = db.database().dataSource().getConnection()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("SELECT * FROM interaction WHERE id = " + stuck + " FOR UPDATE");
            }
            first.subList(0, indexOf(first, AmiEvent.AgentCalled.class::isInstance) + 1)
                    .forEach(tracker::onEvent);
            second.subList(0, indexOf(second, AmiEvent.AgentCalled.class::isInstance) + 1)
                    .forEach(tracker::onEvent);
            await(() -> interaction("1800000022.1").state() == InteractionState.offered
                    && registry.get("omniline_ami_call_work_retries_total")
                                    .counter()
                                    .count()
                            > 0);
            assertThat(interaction("1800000021.1").state()).isEqualTo(InteractionState.queued);
            locker.rollback();
        }
        assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(interaction("1800000021.1").state()).isEqualTo(InteractionState.offered);
        assertThat(registry.get("omniline_ami_call_work_failed_total").counter().count())
                .isZero();
    }

    @Test
    void aBlindTransferIsNotedAndTheInteractionGoesOn() throws Exception {
        start();
        Interaction call = interactions.open(NewInteraction.inboundCall("1800000009.1", null, null, null));

        tracker.onEvent(new AmiEvent.BlindTransfer(
                "Success", "PJSIP/1001-00000002", "PJSIP/pstn-00000001", call.externalId(), "200", "from-pstn"));
        assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(events)
                .containsExactly(new CallEvent.Transferred(call.id(), call.externalId(), null, "blind", "200"));
        assertThat(interactions.findById(call.id()).orElseThrow().metadata())
                .containsEntry("transferredTo", "200")
                .containsEntry("transferKind", "blind");
    }

    @Test
    void eventsOfCallsOmnilineDidNotRouteChangeNothing() throws Exception {
        start();
        replay(events("ami-04-call-ivr-queue-answered-agent-hangs-up.txt"));

        assertThat(events).isEmpty();
        assertThat(registry.get("omniline_ami_call_work_failed_total").counter().count())
                .isZero();
    }

    /** Each answered call in wrap-up with the TalkTime Asterisk gave, each abandoned one ended so. */
    private void assertEveryCallEndedAsAsteriskSaid(List<AmiEvent> stream, Iterable<String> callers) {
        Map<String, Integer> talk = new LinkedHashMap<>();
        for (AmiEvent event : stream) {
            if (event instanceof AmiEvent.AgentComplete complete && complete.caller() != null) {
                talk.put(complete.caller().uniqueId(), complete.talkTime());
            }
        }
        int abandoned = 0;
        for (String uniqueId : callers) {
            Interaction call = interaction(uniqueId);
            if (call.state() == InteractionState.ended) {
                assertThat(call.outcome()).as(uniqueId).isEqualTo(InteractionOutcome.abandoned_in_queue);
                abandoned++;
            } else {
                assertThat(call.state()).as(uniqueId).isEqualTo(InteractionState.wrap_up);
                if (talk.containsKey(uniqueId)) {
                    assertThat(call.talkSeconds()).as(uniqueId + " talk time").isEqualTo(talk.get(uniqueId));
                }
            }
        }
        assertThat(abandoned).as("calls 7 and 9 hung up in the queue").isEqualTo(2);
    }

    private List<Long> agents(String... interfaces) {
        AgentRepository agents = db.repositories().agents();
        List<Long> ids = new ArrayList<>();
        for (String agentInterface : interfaces) {
            String login = agentInterface.replaceAll("[^a-z0-9]", "");
            ids.add(agents.create(login, login, agentInterface, Map.of(), Map.of("support", 0), "test")
                    .id());
        }
        return ids;
    }

    /** Opens, as the IVR does, a queued interaction for each caller the stream has join a queue. */
    private Map<String, Interaction> queuedCallers(List<AmiEvent> stream) {
        Map<String, Interaction> calls = new LinkedHashMap<>();
        for (AmiEvent event : stream) {
            if (event instanceof AmiEvent.QueueCallerJoin join
                    && !calls.containsKey(join.caller().uniqueId())) {
                Interaction call = interactions.open(NewInteraction.inboundCall(
                        join.caller().uniqueId(),
                        join.caller().linkedId(),
                        null,
                        join.caller().callerIdNum()));
                calls.put(join.caller().uniqueId(), interactions.queue(call.id(), join.queue(), 0));
            }
        }
        return calls;
    }

    private void replay(List<AmiEvent> stream) throws InterruptedException {
        stream.forEach(tracker::onEvent);
        assertThat(worker.awaitIdle(Duration.ofSeconds(30)))
                .as("every call update stored")
                .isTrue();
    }

    private Interaction interaction(String uniqueId) {
        return interactions.findByExternalId(Channel.voice, uniqueId).orElseThrow();
    }

    private static int indexOf(List<AmiEvent> stream, Predicate<AmiEvent> which) {
        for (int i = 0; i < stream.size(); i++) {
            if (which.test(stream.get(i))) {
                return i;
            }
        }
        throw new AssertionError("not in the stream");
    }

    private static List<AmiEvent> scripted(List<byte[]> packets) {
        List<AmiPacket> decoded = new ArrayList<>();
        AmiDecoder decoder = new AmiDecoder(false, banner -> {}, decoded::add);
        packets.forEach(bytes -> decoder.feed(bytes, 0, bytes.length));
        return decoded.stream().map(AmiEvents::decode).toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 150 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("reached within 15 s").isTrue();
    }

    private static List<AmiEvent> events(String capture) {
        return CapturedPackets.fromAsterisk(capture).stream()
                .filter(AmiPacket::isEvent)
                .map(AmiEvents::decode)
                .toList();
    }
}
