package io.omniline.telephony.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.callback.CallbackRepository;
import io.omniline.db.callback.CallbackRequest;
import io.omniline.db.callback.CallbackState;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.TelephonyAmi;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ami.event.AmiChannel;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.QueueMemberState;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.QuickAmi;
import io.omniline.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Callbacks placed for real, against the AMI simulator and a real PostgreSQL: the agent's phone
 * first (async Originate with the ActionID and CALLBACK_ID of capture ami-16), the customer once
 * the agent answered (DialEnd of the agent's channel), retried with backoff up to the limit,
 * surviving a restart of the node, and never placed twice by two nodes.
 */
class CallbackPlacementTest {

    private static final String AGENT = "Local/agent2@agents";
    private static final String AGENT_CHANNEL = "Local/agent2@agents-00000004;1";
    private static final String AGENT_UNIQUEID = "1796050279.8";
    private static final String NUMBER = "+15551234567";
    private static final CallbackSettings SETTINGS = new CallbackSettings(
            Duration.ZERO,
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            Duration.ofSeconds(20),
            Duration.ofMinutes(3),
            Duration.ofSeconds(30));

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T15:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<TelephonyAmi> nodes = new ArrayList<>();
    private AmiSimulator asterisk;
    private CallbackRepository callbacks;

    @BeforeEach
    void asteriskWithACallbackQueue() throws Exception {
        asterisk = new AmiSimulator(Map.of("omniline", "s3cret"));
        asterisk.addQueue("callback", "rrmemory", member(AGENT, false));
        callbacks = db.repositories().callbacks();
        db.repositories().agents().create("agent2", "Agent Two", AGENT, Map.of(), Map.of("callback", 0), "test");
    }

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(TelephonyAmi::close);
        asterisk.close();
    }

    @Test
    void theAgentIsCalledFirstThenTheCustomerAndTheCallbackIsDoneWhenTheyAnswer() throws Exception {
        CallbackRequest request = filed("1800000101.1");
        asterisk.onOriginate(AGENT, new AmiSimulator.OriginateOutcome.Answered(AGENT_CHANNEL, AGENT_UNIQUEID));
        TelephonyAmi node = node();

        node.callbacks().placeDue();

        AmiPacket originate = originates().get(0);
        assertThat(originate.get("ActionID")).contains("callback-cb-" + request.id() + "-1");
        assertThat(originate.get("Channel")).as("the agent's phone first").contains(AGENT);
        assertThat(originate.get("Context")).contains("omniline-callback-out");
        assertThat(originate.get("Exten"))
                .as("then the customer, E.164 with its +")
                .contains(NUMBER);
        assertThat(originate.get("Variable")).contains("CALLBACK_ID=cb-" + request.id());
        assertThat(originate.get("Async")).contains("true");
        await(() -> state(request) == CallbackState.calling_customer);
        assertThat(callbacks.findById(request.id()).orElseThrow().channelId()).isEqualTo(AGENT_UNIQUEID);

        asterisk.emit(customerDial("ANSWER"));
        await(() -> state(request) == CallbackState.completed);

        CallbackRequest done = callbacks.findById(request.id()).orElseThrow();
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.lastResult()).isEqualTo("answered");
        Interaction asked = interaction(request);
        assertThat(asked.outcome()).isEqualTo(InteractionOutcome.callback_completed);
        assertThat(asked.metadata().get("callback"))
                .isEqualTo(Map.of(
                        "id", (int) request.id(), "state", "completed", "attempts", 1, "lastResult", "answered"));
        node.callbacks().placeDue();
        assertThat(asterisk.received("Originate")).as("placed once").isEqualTo(1);
    }

    @Test
    void aCustomerWhoDoesNotAnswerIsCalledAgainLaterUntilTheAttemptsAreUsedUp() throws Exception {
        CallbackRequest request = filed("1800000102.1");
        asterisk.onOriginate(AGENT, new AmiSimulator.OriginateOutcome.Answered(AGENT_CHANNEL, AGENT_UNIQUEID));
        TelephonyAmi node = node();
        Duration[] waits = {Duration.ofMinutes(10), Duration.ofMinutes(20)};

        for (int attempt = 1; attempt <= 3; attempt++) {
            node.callbacks().placeDue();
            assertThat(asterisk.received("Originate")).isEqualTo(attempt);
            await(() -> state(request) == CallbackState.calling_customer);
            asterisk.emit(customerDial(attempt == 2 ? "BUSY" : "NOANSWER"));
            int made = attempt;
            await(() -> callbacks.findById(request.id()).orElseThrow().attempts() == made && !isPlacing(request));
            if (attempt < 3) {
                CallbackRequest waiting = callbacks.findById(request.id()).orElseThrow();
                assertThat(waiting.state()).isEqualTo(CallbackState.waiting);
                assertThat(waiting.nextAttemptAt().toInstant())
                        .as("backoff doubles")
                        .isEqualTo(clock.instant().plus(waits[attempt - 1]));
                node.callbacks().placeDue();
                assertThat(asterisk.received("Originate"))
                        .as("not before its time")
                        .isEqualTo(attempt);
                clock.advance(waits[attempt - 1]);
            }
        }

        CallbackRequest failed = callbacks.findById(request.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(CallbackState.failed);
        assertThat(failed.lastResult()).isEqualTo("the customer did not answer");
        assertThat(interaction(request).outcome()).isEqualTo(InteractionOutcome.callback_failed);
        clock.advance(Duration.ofHours(2));
        node.callbacks().placeDue();
        assertThat(asterisk.received("Originate"))
                .as("no call after the last attempt")
                .isEqualTo(3);
    }

    @Test
    void anAgentWhoDoesNotAnswerCostsTheCustomerNoAttempt() throws Exception {
        CallbackRequest request = filed("1800000103.1");
        asterisk.onOriginate(AGENT, new AmiSimulator.OriginateOutcome.Failed(3));
        TelephonyAmi node = node();

        node.callbacks().placeDue();
        await(() -> !isPlacing(request)
                && callbacks.findById(request.id()).orElseThrow().lastResult() != null);

        CallbackRequest waiting = callbacks.findById(request.id()).orElseThrow();
        assertThat(waiting.state()).isEqualTo(CallbackState.waiting);
        assertThat(waiting.attempts()).isZero();
        assertThat(waiting.lastResult()).isEqualTo("the agent did not answer");
        assertThat(waiting.nextAttemptAt().toInstant())
                .isEqualTo(clock.instant().plusSeconds(30));
        assertThat(interaction(request).outcome()).isEqualTo(InteractionOutcome.callback_requested);
    }

    @Test
    void aCallbackSurvivesARestartOfTheNodeAndIsPlacedOnce() throws Exception {
        asterisk.addQueue("callback", "rrmemory", member(AGENT, true));
        CallbackRequest request = filed("1800000104.1");
        TelephonyAmi first = node();
        first.callbacks().placeDue();
        assertThat(asterisk.received("Originate"))
                .as("the only agent is paused")
                .isZero();
        first.close();
        nodes.remove(first);

        asterisk.addQueue("callback", "rrmemory", member(AGENT, false));
        asterisk.onOriginate(AGENT, new AmiSimulator.OriginateOutcome.Answered(AGENT_CHANNEL, AGENT_UNIQUEID));
        TelephonyAmi second = node();
        second.callbacks().placeDue();
        await(() -> state(request) == CallbackState.calling_customer);
        second.callbacks().placeDue();
        second.close();
        nodes.remove(second);

        TelephonyAmi third = node();
        third.callbacks().placeDue();
        assertThat(asterisk.received("Originate"))
                .as("placed once, whichever node runs")
                .isEqualTo(1);
        assertThat(state(request)).isEqualTo(CallbackState.calling_customer);

        clock.advance(SETTINGS.placementLimit().plusSeconds(1));
        third.callbacks().placeDue();
        CallbackRequest lost = callbacks.findById(request.id()).orElseThrow();
        assertThat(lost.state())
                .as("a placement nobody heard the end of is tried again later")
                .isEqualTo(CallbackState.waiting);
        assertThat(lost.attempts()).as("the customer's phone may have rung").isEqualTo(1);
        assertThat(lost.lastResult()).isEqualTo("no word from Asterisk about the call");
        assertThat(asterisk.received("Originate")).isEqualTo(1);
    }

    @Test
    void twoNodesNeverPlaceTheSameCallbackNorTwoOnOnePhone() throws Exception {
        asterisk.addQueue("callback", "rrmemory", member(AGENT, false), member("Local/agent1@agents", false));
        asterisk.onOriginate(AGENT, new AmiSimulator.OriginateOutcome.Answered(AGENT_CHANNEL, AGENT_UNIQUEID));
        asterisk.onOriginate(
                "Local/agent1@agents",
                new AmiSimulator.OriginateOutcome.Answered("Local/agent1@agents-00000005;1", "1796050279.10"));
        CallbackRequest request = filed("1800000105.1");
        TelephonyAmi one = node();
        TelephonyAmi two = node();

        placeAtOnce(one, two);

        assertThat(asterisk.received("Originate"))
                .as("one request, two free agents, two nodes")
                .isEqualTo(1);
        await(() -> state(request) == CallbackState.calling_customer);

        String busy = callbacks.findById(request.id()).orElseThrow().agentInterface();
        asterisk.addQueue("callback", "rrmemory", member(busy, false));
        int logins = asterisk.logins();
        asterisk.dropConnections();
        CallbackRequest second = filed("1800000106.1");
        CallbackRequest third = filed("1800000107.1");
        await(() -> asterisk.logins() >= logins + 2
                && one.isConnected()
                && two.isConnected()
                && one.status().complete()
                && two.status().complete());
        placeAtOnce(one, two);

        assertThat(asterisk.received("Originate"))
                .as("the only free phone carries the first callback still")
                .isEqualTo(1);
        assertThat(List.of(state(second), state(third))).containsOnly(CallbackState.waiting);
    }

    private void placeAtOnce(TelephonyAmi one, TelephonyAmi two) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (TelephonyAmi node : List.of(one, two)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    node.callbacks().placeDue();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A caller who accepted the callback offer in the IVR. */
    private CallbackRequest filed(String uniqueId) {
        InteractionRepository interactions = db.repositories().interactions();
        Interaction call = interactions.open(NewInteraction.inboundCall(uniqueId, uniqueId, null, "15551234567"));
        interactions.end(call.id(), InteractionOutcome.callback_requested);
        return callbacks.request(call.id(), null, NUMBER, "callback", 3, clock.instant());
    }

    private TelephonyAmi node() throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        TelephonyAmi node = TelephonyAmi.start(
                QuickAmi.settings(asterisk, backoff),
                db.repositories().interactions(),
                db.repositories().agents(),
                db.repositories().agentStateLog(),
                callbacks,
                SETTINGS,
                event -> {},
                clock,
                registry);
        nodes.add(node);
        await(() -> node.isConnected() && node.status().complete());
        return node;
    }

    private List<AmiPacket> originates() {
        return asterisk.actions().stream()
                .filter(action ->
                        action.get("Action").filter("Originate"::equals).isPresent())
                .toList();
    }

    /** The agent's answered channel dialled the customer; Dial() ended with {@code status}. */
    private static AmiEvent.DialEnd customerDial(String status) {
        AmiChannel agent = new AmiChannel(
                AGENT_CHANNEL,
                6,
                "Up",
                NUMBER,
                "Callback " + NUMBER,
                "",
                "",
                "en",
                "",
                "omniline-callback-out",
                NUMBER,
                2,
                AGENT_UNIQUEID,
                AGENT_UNIQUEID);
        AmiChannel customer = new AmiChannel(
                "PJSIP/pstn-00000007",
                "ANSWER".equals(status) ? 6 : 5,
                "ANSWER".equals(status) ? "Up" : "Ringing",
                NUMBER,
                "",
                "",
                "",
                "en",
                "",
                "from-pstn",
                NUMBER,
                1,
                "1796050279.11",
                AGENT_UNIQUEID);
        return new AmiEvent.DialEnd(agent, customer, status);
    }

    private static QueueMemberState member(String memberInterface, boolean paused) {
        return new QueueMemberState(
                "callback",
                memberInterface,
                memberInterface,
                memberInterface,
                "static",
                0,
                0,
                0,
                0,
                0,
                false,
                1,
                paused,
                paused ? "lunch" : "",
                false,
                0);
    }

    private CallbackState state(CallbackRequest request) {
        return callbacks.findById(request.id()).orElseThrow().state();
    }

    private boolean isPlacing(CallbackRequest request) {
        CallbackState state = state(request);
        return state == CallbackState.calling_agent || state == CallbackState.calling_customer;
    }

    private Interaction interaction(CallbackRequest request) {
        return db.repositories()
                .interactions()
                .findById(request.interactionId())
                .orElseThrow();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
