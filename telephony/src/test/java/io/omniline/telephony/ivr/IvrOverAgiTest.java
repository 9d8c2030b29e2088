package io.omniline.telephony.ivr;

import static io.omniline.telephony.sim.CallerAction.hangUp;
import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.IvrStep;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.FreezingProxy;
import io.omniline.db.testing.TestDatabase;
import io.omniline.ivr.model.ExampleFlows;
import io.omniline.telephony.agi.FastAgiServer;
import io.omniline.telephony.flows.PublishedFlows;
import io.omniline.telephony.live.AgentStatus;
import io.omniline.telephony.live.QueueSnapshot;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.CallerAction;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Calls from the Asterisk simulator through Omniline's FastAGI server into the shipped flows, on real PostgreSQL. */
class IvrOverAgiTest {

    /** A database budget no loaded test machine exceeds: these tests are not about deadlines. */
    private static final IvrCallHandler.Settings PATIENT =
            new IvrCallHandler.Settings("support", 500, Duration.ofSeconds(10));

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Clock TUESDAY_10_NEW_YORK = Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC);
    private static long vipCustomer;

    private static final Clock SUNDAY_NEW_YORK = Clock.fixed(Instant.parse("2026-11-22T15:00:00Z"), ZoneOffset.UTC);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** The live model's queues as this test sets them. */
    private final Map<String, QueueSnapshot> liveQueues = new HashMap<>();

    @BeforeAll
    static void examplesPublishedAndRouted() {
        FlowRepository flows = db.repositories().flows();
        ExampleFlows.all()
                .forEach((name, json) ->
                        flows.publish(flows.create(name, "", json, "test").id(), "", "test"));
        flows.route("100", flows.findByName("main").orElseThrow().id(), "test");
        long announcing = flows.create("announcing", "", """
                {"start": "q", "nodes": {"q": {"type": "queue", "queue": "support", "priority": 1,
                  "announcePosition": true, "announceWait": true}}}""", "test").id();
        flows.publish(announcing, "", "test");
        flows.route("200", announcing, "test");
        vipCustomer = db.repositories()
                .customers()
                .create(
                        "Alice Example",
                        Map.of("vip", true),
                        List.of(new IdentityNormalizer("US").phone("15551234567")))
                .id();
    }

    @Test
    void aKnownVipCallerIsQueuedWithPriorityAndEveryStepIsStored() throws Exception {
        String uniqueId = uniqueId();
        AsteriskAgiCall call = call(db.dsl(), AgiEnvironment.call(uniqueId, "15551234567", "100", "ivr"), press("1"));

        assertThat(call.variables())
                .containsEntry("OMNILINE_ACTION", "queue")
                .containsEntry("OMNILINE_QUEUE", "support")
                .containsEntry("OMNILINE_QUEUE_PRIORITY", "10")
                .containsEntry("OMNILINE_QUEUE_MAXWAIT", "120")
                .containsEntry("OMNILINE_RESUME_FLOW", "main")
                .containsEntry("OMNILINE_RESUME_NODE", "offer-callback");
        Interaction interaction = interaction(uniqueId);
        assertThat(call.variables()).containsEntry("OMNILINE_INTERACTION_ID", String.valueOf(interaction.id()));
        assertThat(interaction.state()).isEqualTo(InteractionState.queued);
        assertThat(interaction.queueName()).isEqualTo("support");
        assertThat(interaction.priority()).isEqualTo(10);
        assertThat(interaction.customerId()).isEqualTo(vipCustomer);
        assertThat(interaction.linkedId()).isEqualTo(uniqueId);
        assertThat(db.repositories().ivrPaths().path(interaction.id()))
                .extracting(IvrStep::nodeId, IvrStep::input)
                .containsExactly(
                        tuple("hours", null),
                        tuple("welcome", null),
                        tuple("language", "1"),
                        tuple("identify", null),
                        tuple("vip-check", null),
                        tuple("vip-queue", null));
        assertThat(call.commands()).contains("ANSWER", "STREAM FILE \"omniline/welcome\" \"\"");
        assertThat(registry.get("omniline_ivr_calls_total")
                        .tag("outcome", "queued")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    /**
     * A caller who pressed 2 for Spanish and whose queue timed out comes back to the IVR at the
     * queue's onTimeout node: the flow goes on in Spanish (the channel's language), not in the
     * flow's English.
     */
    @Test
    void aCallerBackFromAQueueThatTimedOutGoesOnInTheLanguageTheyChose() throws Exception {
        String uniqueId = uniqueId();
        AsteriskAgiCall first = call(db.dsl(), AgiEnvironment.call(uniqueId, "15551234567", "100", "ivr"), press("2"));
        assertThat(first.heard()).contains("omniline/welcome [en]", "omniline/for-english-1-para-espanol-2 [en]");
        assertThat(first.variables()).containsEntry("CHANNEL(language)", "es");
        awaitHandled(1);

        AsteriskAgiCall resumed = call(db.dsl(), first.nextAgi("ivr?flow=main&node=offer-callback", press("2")));

        assertThat(resumed.heard()).startsWith("omniline/callback-offer [es]");
        assertThat(resumed.commands()).noneMatch(command -> command.contains("CHANNEL(language)"));
    }

    @Test
    void aCallerWhoHangsUpInTheIvrIsRecordedAsAbandonedAtTheNodeTheyLeftAndTheSessionEndsAtOnce() throws Exception {
        String uniqueId = uniqueId();
        AsteriskAgiCall call = call(db.dsl(), AgiEnvironment.call(uniqueId, "15557654321", "100", "ivr"), hangUp());

        assertThat(call.hungUp()).isTrue();
        assertThat(call.variables()).doesNotContainKey("OMNILINE_ACTION");
        assertThat(call.commands())
                .as("after the hang-up: one CHANNEL STATUS to tell it from a missing prompt, then the half-close")
                .endsWith("GET DATA \"omniline/for-english-1-para-espanol-2\" 4000 1", "CHANNEL STATUS");
        awaitHandled(1);
        Interaction interaction = interaction(uniqueId);
        assertThat(interaction.state()).isEqualTo(InteractionState.ended);
        assertThat(interaction.outcome()).isEqualTo(InteractionOutcome.abandoned_in_ivr);
        assertThat(interaction.customerId()).isNull();
        assertThat(db.repositories().ivrPaths().path(interaction.id()))
                .extracting(IvrStep::nodeId, IvrStep::outcome)
                .containsExactly(tuple("hours", "open"), tuple("welcome", "next"), tuple("language", "caller hung up"));
    }

    @Test
    void missingPromptsAreFlowErrorsAndTheCallerIsStillRoutedWithTheDialplanVariablesSet() throws Exception {
        String uniqueId = uniqueId();
        AsteriskAgiCall call = call(
                db.dsl(),
                AsteriskAgiCall.missing(
                        Set.of("omniline/welcome", "omniline/for-english-1-para-espanol-2"),
                        AgiEnvironment.call(uniqueId, "15551234567", "100", "ivr")));

        assertThat(call.hungUp()).isFalse();
        assertThat(call.variables())
                .containsEntry("OMNILINE_ACTION", "queue")
                .containsEntry("OMNILINE_QUEUE", "support")
                .containsEntry("OMNILINE_QUEUE_PRIORITY", "10");
        assertThat(registry.get("omniline_ivr_prompts_unplayed_total")
                        .tag("prompt", "omniline/welcome")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("omniline_ivr_prompts_unplayed_total")
                        .tag("prompt", "omniline/for-english-1-para-espanol-2")
                        .counter()
                        .count())
                .isEqualTo(1);
        awaitHandled(1);
        Interaction interaction = interaction(uniqueId);
        assertThat(interaction.state()).isEqualTo(InteractionState.queued);
        assertThat(db.repositories().ivrPaths().path(interaction.id()))
                .extracting(IvrStep::nodeId, IvrStep::input)
                .contains(tuple("language", ""));
    }

    /** Found by AgiSessionFuzzTest: Asterisk-Java's URL decoder throws on a stray %, which failed the session. */
    @Test
    void aScriptUrlWithABrokenEscapeIsRoutedByTheNumberAsIfItNamedNoFlow() throws Exception {
        AsteriskAgiCall call =
                call(db.dsl(), AgiEnvironment.call(uniqueId(), "15551234567", "100", "ivr?flow=50%"), press("1"));

        assertThat(call.variables()).as("the flow routed to 100 ran").containsEntry("OMNILINE_QUEUE_PRIORITY", "10");
    }

    @Test
    void anUnroutedNumberStillReachesTheFallbackQueue() throws Exception {
        AsteriskAgiCall call = call(db.dsl(), AgiEnvironment.call(uniqueId(), "15551234567", "999", "ivr"));

        assertThat(call.variables())
                .containsEntry("OMNILINE_ACTION", "queue")
                .containsEntry("OMNILINE_QUEUE", "support");
        assertThat(registry.get("omniline_ivr_no_flow_total").counter().count()).isEqualTo(1);
    }

    @Test
    void aLostDatabaseStillRoutesTheCallerAndSaysSoLoudly() throws Exception {
        DatabaseSettings doomed = TestDatabase.createAnother();
        try (Database database = Database.connect(doomed)) {
            TestDatabase.drop(doomed);

            AsteriskAgiCall call = call(database.dsl(), AgiEnvironment.call(uniqueId(), "15551234567", "100", "ivr"));

            assertThat(call.variables())
                    .containsEntry("OMNILINE_ACTION", "queue")
                    .containsEntry("OMNILINE_QUEUE", "support");
            // Refused at once, the record is lost during the call; on a slow machine the refusal outlasts the
            // call's budget and the record is lost after the caller has gone on. Either way it is counted once.
            Counter lost = registry.get("omniline_ivr_records_lost_total").counter();
            for (int i = 0; i < 600 && lost.count() == 0; i++) {
                Thread.sleep(100);
            }
            assertThat(lost.count()).isEqualTo(1);
        }
    }

    @Test
    void aQueueNodeAnnouncesThePlaceInLineAndTheWaitFromLiveFiguresAndTheQueuesRecentCalls() throws Exception {
        InteractionRepository interactions = db.repositories().interactions();
        for (int talk : new int[] {200, 280}) {
            Interaction answered = interactions.open(NewInteraction.inboundCall(uniqueId(), null, null, "15550001111"));
            interactions.queue(answered.id(), "support", 0);
            db.dsl().execute("update interaction set talk_seconds = ? where id = ?", talk, answered.id());
        }
        liveQueues.put(
                "support",
                new QueueSnapshot(
                        "support",
                        List.of("1795455816.1", "1795455816.2"),
                        30,
                        0,
                        0,
                        Map.of(
                                "PJSIP/1001",
                                AgentStatus.AVAILABLE,
                                "PJSIP/1002",
                                AgentStatus.ON_CALL,
                                "PJSIP/1003",
                                AgentStatus.PAUSED),
                        20));

        AsteriskAgiCall call = call(db.dsl(), AgiEnvironment.call(uniqueId(), "15557654321", "200", "ivr"));

        assertThat(call.commands())
                .as("third in line; 3 x 240 s average talk / 2 agents staffed = 6 minutes")
                .containsSubsequence(
                        "STREAM FILE \"omniline/you-are-caller-number\" \"\"",
                        "SAY NUMBER \"3\" \"\"",
                        "STREAM FILE \"omniline/estimated-wait-minutes\" \"\"",
                        "SAY NUMBER \"6\" \"\"",
                        "SET VARIABLE \"OMNILINE_QUEUE\" \"support\"");

        liveQueues.clear();
        AsteriskAgiCall withoutFigures = call(db.dsl(), AgiEnvironment.call(uniqueId(), "15557654321", "200", "ivr"));
        assertThat(withoutFigures.commands())
                .as("nothing is said that cannot be computed")
                .noneMatch(command -> command.startsWith("SAY NUMBER") || command.contains("you-are-caller-number"));
        assertThat(withoutFigures.variables()).containsEntry("OMNILINE_QUEUE", "support");
    }

    @Test
    void aVoicemailIsNotRecordedAsLeftAtTheIvrStepAndAFailedOneRoutesTheCallerToTheFallbackQueue() throws Exception {
        String uniqueId = uniqueId();
        AsteriskAgiCall ivrStep = call(
                db.dsl(),
                PATIENT,
                SUNDAY_NEW_YORK,
                AsteriskAgiCall.of(AgiEnvironment.call(uniqueId, "15557654321", "100", "ivr")));

        assertThat(ivrStep.variables())
                .containsEntry("OMNILINE_ACTION", "voicemail")
                .containsEntry("OMNILINE_MAILBOX", "support@default");
        Interaction inVoicemail = interaction(uniqueId);
        assertThat(inVoicemail.state())
                .as("with Asterisk's VoiceMail(); no message is known to be left")
                .isEqualTo(InteractionState.ivr);
        assertThat(inVoicemail.outcome()).isNull();
        assertThat(inVoicemail.metadata())
                .containsEntry("voicemail", Map.of("mailbox", "support@default", "status", "started"));

        AsteriskAgiCall afterVoiceMail = call(
                db.dsl(),
                PATIENT,
                SUNDAY_NEW_YORK,
                AsteriskAgiCall.of(AgiEnvironment.call(uniqueId, "15557654321", "100", "voicemail-failed"))
                        .withChannelVariables(Map.of("VMSTATUS", "FAILED")));

        assertThat(afterVoiceMail.commands())
                .containsSubsequence(
                        "GET VARIABLE \"VMSTATUS\"",
                        "STREAM FILE \"omniline/voicemail-unavailable\" \"\"",
                        "SET VARIABLE \"OMNILINE_ACTION\" \"queue\"");
        assertThat(afterVoiceMail.variables())
                .containsEntry("OMNILINE_QUEUE", "support")
                .containsEntry("OMNILINE_INTERACTION_ID", String.valueOf(inVoicemail.id()));
        Interaction routed = interaction(uniqueId);
        assertThat(routed.state()).isEqualTo(InteractionState.queued);
        assertThat(routed.queueName()).isEqualTo("support");
        assertThat(routed.metadata())
                .containsEntry("voicemail", Map.of("mailbox", "support@default", "status", "failed"));
        assertThat(registry.get("omniline_ivr_voicemail_failed_total").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aHungDatabaseSendsTheCallerToTheFallbackQueueWithinTheBudgetAndTheCallIsStoredWhenItAnswersAgain()
            throws Exception {
        IvrCallHandler.Settings budget = new IvrCallHandler.Settings("support", 500, Duration.ofMillis(300));
        try (FreezingProxy proxy = FreezingProxy.in(db.settings());
                Database database = Database.connect(proxy.settings(db.settings()))) {
            DSLContext dsl = database.dsl(Duration.ofSeconds(30));
            AsteriskAgiCall before = call(
                    dsl,
                    PATIENT,
                    AsteriskAgiCall.of(AgiEnvironment.call(uniqueId(), "15551234567", "100", "ivr"), press("1")));
            assertThat(before.variables())
                    .as("the database answering, the pool's connections made")
                    .containsEntry("OMNILINE_QUEUE_PRIORITY", "10");

            proxy.freeze();
            String uniqueId = uniqueId();
            IvrCallHandler handler = handler(dsl, budget, TUESDAY_10_NEW_YORK);
            AsteriskAgiCall call = call(
                    handler,
                    AsteriskAgiCall.of(AgiEnvironment.call(uniqueId, "15551234567", "100", "ivr"), press("1")));

            assertThat(call.variables())
                    .as("routed while the database is still hung")
                    .containsEntry("OMNILINE_ACTION", "queue")
                    .containsEntry("OMNILINE_QUEUE", "support")
                    .containsEntry("OMNILINE_QUEUE_PRIORITY", "0");
            assertThat(registry.get("omniline_ivr_database_deadlines_total")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(db.repositories().interactions().findByExternalId(Channel.voice, uniqueId))
                    .isEmpty();

            assertThat(handler.awaitRecords(Duration.ofMillis(300)))
                    .as("the call's record still waits for the database, and a stopping node knows it")
                    .isEqualTo(1);

            proxy.thaw();
            assertThat(handler.awaitRecords(Duration.ofSeconds(20)))
                    .as("nothing left to store once the database answered")
                    .isZero();
            Interaction stored = interaction(uniqueId);
            assertThat(stored.state()).as("stored once the database answered").isEqualTo(InteractionState.queued);
            assertThat(stored.queueName()).isEqualTo("support");
            assertThat(registry.get("omniline_ivr_records_lost_total").counter().count())
                    .isZero();
        }
    }

    @Test
    void aDatabaseThatGoesDownRoutesCallersByTheFallbackAndOnceThePoolReconnectsCallsRunTheirFlowAgain()
            throws Exception {
        try (FreezingProxy proxy = FreezingProxy.in(db.settings());
                Database database = Database.connect(proxy.settings(db.settings()))) {
            DSLContext dsl = database.dsl(Duration.ofSeconds(30));
            call(dsl, AsteriskAgiCall.of(AgiEnvironment.call(uniqueId(), "15551234567", "100", "ivr"), press("1")));

            proxy.cut();
            String whileDown = uniqueId();
            AsteriskAgiCall down = call(
                    dsl, AsteriskAgiCall.of(AgiEnvironment.call(whileDown, "15551234567", "100", "ivr"), press("1")));
            assertThat(down.variables())
                    .as("routed with the database down")
                    .containsEntry("OMNILINE_ACTION", "queue")
                    .containsEntry("OMNILINE_QUEUE", "support");

            proxy.restore();
            awaitAnswering(dsl);
            String afterwards = uniqueId();
            AsteriskAgiCall back = call(
                    dsl, AsteriskAgiCall.of(AgiEnvironment.call(afterwards, "15551234567", "100", "ivr"), press("1")));
            assertThat(back.variables())
                    .as("the flow runs again, not the fallback")
                    .containsEntry("OMNILINE_QUEUE_PRIORITY", "10");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (db.repositories()
                            .interactions()
                            .findByExternalId(Channel.voice, afterwards)
                            .isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(interaction(afterwards).state()).isEqualTo(InteractionState.queued);
            double lost = 0;
            boolean storedLate = false;
            while (lost + (storedLate ? 1 : 0) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                storedLate = db.repositories()
                        .interactions()
                        .findByExternalId(Channel.voice, whileDown)
                        .isPresent();
                lost = registry.get("omniline_ivr_records_lost_total").counter().count();
            }
            assertThat(lost + (storedLate ? 1 : 0))
                    .as("the call made while down is stored late or counted as lost, once")
                    .isEqualTo(1);
        }
    }

    /** The pool reconnects by itself once the database is back; nothing here helps it. */
    private static void awaitAnswering(DSLContext dsl) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                dsl.selectOne().fetch();
                return;
            } catch (org.jooq.exception.DataAccessException stillDown) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the pool did not reconnect within 20 s of the database coming back");
    }

    private AsteriskAgiCall call(DSLContext dsl, AgiEnvironment environment, CallerAction... keys) throws Exception {
        return call(dsl, AsteriskAgiCall.of(environment, keys));
    }

    /** The handler records a call after the session has ended; waits until {@code calls} calls are done. */
    private void awaitHandled(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (registry.find("omniline_ivr_calls_total").counters().stream()
                                .mapToDouble(c -> c.count())
                                .sum()
                        < calls
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private AsteriskAgiCall call(DSLContext dsl, AsteriskAgiCall asterisk) throws Exception {
        return call(dsl, PATIENT, asterisk);
    }

    private AsteriskAgiCall call(DSLContext dsl, IvrCallHandler.Settings settings, AsteriskAgiCall asterisk)
            throws Exception {
        return call(dsl, settings, TUESDAY_10_NEW_YORK, asterisk);
    }

    private AsteriskAgiCall call(
            DSLContext dsl, IvrCallHandler.Settings settings, Clock clock, AsteriskAgiCall asterisk) throws Exception {
        return call(handler(dsl, settings, clock), asterisk);
    }

    private IvrCallHandler handler(DSLContext dsl, IvrCallHandler.Settings settings, Clock clock) {
        return IvrCallHandler.overDatabase(
                new io.omniline.db.Repositories(dsl),
                new PublishedFlows(new FlowRepository(dsl)),
                new IdentityNormalizer("US"),
                settings,
                name -> Optional.ofNullable(liveQueues.get(name)),
                clock,
                registry);
    }

    private AsteriskAgiCall call(IvrCallHandler handler, AsteriskAgiCall asterisk) throws Exception {
        IvrAgiScript script = new IvrAgiScript(handler);
        try (FastAgiServer server = FastAgiServer.start(
                InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(10), (request, channel) -> script, registry)) {
            return asterisk.run(server.port());
        }
    }

    private static Interaction interaction(String uniqueId) {
        return db.repositories()
                .interactions()
                .findByExternalId(Channel.voice, uniqueId)
                .orElseThrow();
    }

    private static String uniqueId() {
        return "1795455816." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000);
    }
}
