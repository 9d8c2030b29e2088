package io.omniline.server.csat;

import static io.omniline.telephony.sim.CallerAction.hangUp;
import static io.omniline.telephony.sim.CallerAction.meanwhile;
import static io.omniline.telephony.sim.CallerAction.press;
import static io.omniline.telephony.sim.CallerAction.speak;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.Database;
import io.omniline.db.Repositories;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.IvrStep;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.report.ReportPeriod.Grouping;
import io.omniline.db.report.ReportPeriod.Interval;
import io.omniline.db.testing.FreezingProxy;
import io.omniline.db.testing.TestDatabase;
import io.omniline.db.timeline.TimelineEntry;
import io.omniline.ivr.model.ExampleFlows;
import io.omniline.server.TestConfigs;
import io.omniline.server.reports.Measure;
import io.omniline.server.reports.Report;
import io.omniline.server.reports.ReportRequest;
import io.omniline.server.reports.ReportService;
import io.omniline.server.reports.ReportSettings;
import io.omniline.telephony.agi.FastAgiServer;
import io.omniline.telephony.flows.PublishedFlows;
import io.omniline.telephony.ivr.IvrAgiScript;
import io.omniline.telephony.ivr.IvrCallHandler;
import io.omniline.telephony.ivr.SurveyAgiScript;
import io.omniline.telephony.ivr.SurveyCallHandler;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.CallerAction;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The survey after an agent hangs up, end to end: Asterisk's step after Queue() returned with
 * QUEUESTATUS=CONTINUE (the simulator's FastAGI side), Omniline's FastAGI server running the
 * shipped "survey" flow, the answer on the interaction, its timeline and the reports' CSAT
 * measures for voice, on real PostgreSQL. Queue "support" has surveys on, "sales" off.
 */
class VoiceSurveyTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final IvrCallHandler.Settings PATIENT =
            new IvrCallHandler.Settings("support", 500, Duration.ofSeconds(10));
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** The day the report's calls are moved to, so other tests' calls stay out of its figures. */
    private static final LocalDate REPORTED_DAY = LocalDate.of(2026, 11, 24);

    /** Asterisk's comment directory, which this node also reads (one host). */
    @TempDir
    static Path comments;

    private static long agent;
    private static long customer;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void shippedFlowsPublishedAndSurveysOnInSupport() {
        FlowRepository flows = db.repositories().flows();
        ExampleFlows.all()
                .forEach((name, json) ->
                        flows.publish(flows.create(name, "", json, "test").id(), "", "test"));
        db.repositories().queueSettings().setSurveys("support", true, "admin");
        agent = db.repositories()
                .agents()
                .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0, "sales", 0), "test")
                .id();
        customer = db.repositories()
                .customers()
                .create("Alice Example", Map.of(), List.of(new IdentityNormalizer("US").phone("15551234567")))
                .id();
    }

    @Test
    void aCallerWhoPresses4RatesTheCallOnTheInteractionAndItsTimelineAfterTheIvrSteps() throws Exception {
        String uniqueId = uniqueId();
        long id = answeredCall(uniqueId, "support");
        int ivrSteps = db.repositories().ivrPaths().path(id).size();

        AsteriskAgiCall call = survey(db.dsl(), uniqueId, id, press("4"));

        assertThat(call.commands())
                .containsSubsequence(
                        "GET DATA \"omniline/survey-rate\" 6000 1",
                        "STREAM FILE \"omniline/survey-thanks\" \"\"",
                        "SET VARIABLE \"OMNILINE_ACTION\" \"hangup\"");
        assertThat(call.variables()).containsEntry("OMNILINE_ACTION", "hangup");
        awaitStored();
        assertThat(score(id)).isEqualTo(4);
        Interaction rated = db.repositories().interactions().findById(id).orElseThrow();
        assertThat(rated.metadata().get("csat")).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> csat = (Map<String, Object>) rated.metadata().get("csat");
        assertThat(csat).containsEntry("score", 4).containsEntry("via", "voice");
        assertThat(db.repositories().timelines().page(customer, 50, null))
                .filteredOn(entry -> entry.interaction().id() == id)
                .extracting(TimelineEntry::interaction)
                .singleElement()
                .satisfies(onTimeline -> assertThat(onTimeline.metadata()).containsKey("csat"));
        assertThat(db.repositories().ivrPaths().path(id))
                .as("the survey's steps follow the call's IVR steps")
                .extracting(IvrStep::seq, IvrStep::nodeId, IvrStep::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ivrSteps + 1, "ask", "ok"),
                        org.assertj.core.groups.Tuple.tuple(ivrSteps + 2, "keep", "rated 4"),
                        org.assertj.core.groups.Tuple.tuple(ivrSteps + 3, "offer-comment", "timeout"),
                        org.assertj.core.groups.Tuple.tuple(ivrSteps + 4, "thanks", "hangup"));
        assertThat(commentRecording(id)).as("no comment was recorded").isNull();
    }

    /**
     * After the rating the caller presses 1, speaks for 7.5 s after the beep and presses #: Asterisk
     * records into the comment directory under the name Omniline gave, and that name is kept on the
     * survey, with a mark on the interaction for the timeline.
     */
    @Test
    void aCallerWhoPressesOneAfterRatingRecordsACommentThatIsKeptWithTheRating() throws Exception {
        String uniqueId = uniqueId();
        long id = answeredCall(uniqueId, "support");

        AsteriskAgiCall call = survey(db.dsl(), uniqueId, id, press("2"), press("1"), speak(7.5, press("#")));

        String record = call.commands().stream()
                .filter(command -> command.startsWith("RECORD FILE"))
                .findFirst()
                .orElseThrow();
        assertThat(record)
                .matches("RECORD FILE \"" + java.util.regex.Pattern.quote(comments.toString()) + "/survey-comment-" + id
                        + "-[0-9a-f]{32}\" \"wav\" \"#\" 60000 0 BEEP s=5");
        assertThat(call.commands())
                .containsSubsequence(
                        "GET DATA \"omniline/survey-comment-offer\" 4000 1",
                        "STREAM FILE \"omniline/survey-comment-record\" \"\"",
                        record,
                        "STREAM FILE \"omniline/survey-thanks\" \"\"");
        awaitStored();
        assertThat(score(id)).isEqualTo(2);
        String name = commentRecording(id);
        assertThat(call.recordings()).containsExactly(comments.resolve(name + ".wav"));
        assertThat(Files.size(comments.resolve(name + ".wav")))
                .as("a WAV header and 7.5 s of 8 kHz 16-bit samples")
                .isEqualTo(44 + 60_000 * 2);
        assertThat(db.repositories().interactions().findById(id).orElseThrow().metadata())
                .containsEntry("csatComment", true);
        assertThat(db.repositories().ivrPaths().path(id))
                .extracting(IvrStep::nodeId, IvrStep::outcome)
                .contains(org.assertj.core.groups.Tuple.tuple("comment", "comment recorded (7500 ms)"));
    }

    /** Callers often hang up instead of pressing #: what they said is kept all the same. */
    @Test
    void aCommentEndedByHangingUpIsKept() throws Exception {
        String uniqueId = uniqueId();
        long id = answeredCall(uniqueId, "support");

        AsteriskAgiCall call = survey(db.dsl(), uniqueId, id, press("5"), press("1"), speak(3, hangUp()));

        assertThat(call.hungUp()).isTrue();
        assertThat(call.commands()).noneMatch(command -> command.contains("survey-thanks"));
        awaitStored();
        assertThat(score(id)).isEqualTo(5);
        assertThat(commentRecording(id)).isNotNull();
        assertThat(comments.resolve(commentRecording(id) + ".wav")).exists();
    }

    /**
     * A caller who pressed 2 for Spanish in the main IVR hears the survey in Spanish, though the
     * survey flow's own language is English: the IVR left Spanish on the channel, and Asterisk
     * hands it to the survey's AGI() as agi_language.
     */
    @Test
    void aCallerWhoChoseSpanishInTheIvrHearsTheSurveyInSpanish() throws Exception {
        String uniqueId = uniqueId();
        AsteriskAgiCall ivr = ivrCall(uniqueId, press("2"), press("2"));
        assertThat(ivr.variables()).containsEntry("CHANNEL(language)", "es").containsEntry("OMNILINE_QUEUE", "support");
        long id = Long.parseLong(ivr.variables().get("OMNILINE_INTERACTION_ID"));
        agentAnsweredAndHungUp(id);

        AsteriskAgiCall survey = survey(ivr.nextAgi("survey?interaction=" + id, press("5")));

        assertThat(survey.heard())
                .containsExactly(
                        "omniline/survey-rate [es]",
                        "omniline/survey-comment-offer [es]",
                        "omniline/survey-thanks [es]");
        assertThat(survey.commands()).noneMatch(command -> command.contains("CHANNEL(language)"));
        awaitStored();
        assertThat(score(id)).isEqualTo(5);
    }

    /** The same survey for a caller who stayed in English: the language follows the caller, not a default. */
    @Test
    void aCallerWhoChoseEnglishInTheIvrHearsTheSurveyInEnglish() throws Exception {
        String uniqueId = uniqueId();
        AsteriskAgiCall ivr = ivrCall(uniqueId, press("1"), press("2"));
        long id = Long.parseLong(ivr.variables().get("OMNILINE_INTERACTION_ID"));
        agentAnsweredAndHungUp(id);

        AsteriskAgiCall survey = survey(ivr.nextAgi("survey?interaction=" + id, press("3")));

        assertThat(survey.heard())
                .containsExactly(
                        "omniline/survey-rate [en]",
                        "omniline/survey-comment-offer [en]",
                        "omniline/survey-thanks [en]");
        awaitStored();
        assertThat(score(id)).isEqualTo(3);
    }

    @Test
    void anInvalidKeyIsRetriedAndTheNextValidOneIsKept() throws Exception {
        String uniqueId = uniqueId();
        long id = answeredCall(uniqueId, "support");

        AsteriskAgiCall call = survey(db.dsl(), uniqueId, id, press("9"), press("5"));

        assertThat(call.commands())
                .containsSubsequence(
                        "GET DATA \"omniline/survey-rate\" 6000 1",
                        "STREAM FILE \"omniline/survey-invalid\" \"\"",
                        "GET DATA \"omniline/survey-rate\" 6000 1",
                        "STREAM FILE \"omniline/survey-thanks\" \"\"");
        awaitStored();
        assertThat(score(id)).isEqualTo(5);
    }

    @Test
    void aQueueWithoutSurveysEndsTheCallWithoutASurveyOrAnOffer() throws Exception {
        String uniqueId = uniqueId();
        long id = answeredCall(uniqueId, "sales");

        AsteriskAgiCall call = survey(db.dsl(), uniqueId, id, press("4"));

        assertThat(call.commands()).noneMatch(command -> command.startsWith("GET DATA"));
        assertThat(call.variables()).containsEntry("OMNILINE_ACTION", "hangup");
        awaitStored();
        assertThat(offered(id)).isFalse();
        assertThat(registry.get("omniline_survey_calls_total")
                        .tag("outcome", "surveys_off")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anInteractionIdThatIsNotThisCallsGetsNoSurvey() throws Exception {
        long someoneElses = answeredCall(uniqueId(), "support");

        AsteriskAgiCall call = survey(db.dsl(), uniqueId(), someoneElses, press("1"));

        assertThat(call.commands()).noneMatch(command -> command.startsWith("GET DATA"));
        awaitStored();
        assertThat(offered(someoneElses)).isFalse();
    }

    /**
     * Σ scores ÷ answered and answered ÷ offered, for voice: the caller who pressed 4 and the one
     * who hung up during the question (offered, not answered); the call in a queue without
     * surveys is no survey at all.
     */
    @Test
    void theReportCountsTheAnswerInTheVoiceCsatAndTheHangUpAsNotResponded() throws Exception {
        String pressed = uniqueId();
        long rated = answeredCall(pressed, "support");
        String gone = uniqueId();
        long unanswered = answeredCall(gone, "support");
        String off = uniqueId();
        long noSurvey = answeredCall(off, "sales");

        survey(db.dsl(), pressed, rated, press("4"));
        AsteriskAgiCall hungUp = survey(db.dsl(), gone, unanswered, hangUp());
        survey(db.dsl(), off, noSurvey, press("5"));
        awaitStored();

        assertThat(hungUp.hungUp()).isTrue();
        assertThat(offered(unanswered)).isTrue();
        assertThat(score(unanswered)).isNull();
        for (long id : new long[] {rated, unanswered, noSurvey}) {
            db.dsl()
                    .execute(
                            "update interaction set started_at = ?::timestamptz where id = ?",
                            REPORTED_DAY
                                    .atTime(10, 0)
                                    .atZone(NEW_YORK)
                                    .toOffsetDateTime()
                                    .toString(),
                            id);
        }
        Report report = new ReportService(
                        db.repositories().reports(),
                        db.repositories().agents(),
                        new ReportSettings(NEW_YORK, 5, 20, 7),
                        Clock.fixed(
                                REPORTED_DAY.plusDays(2).atStartOfDay(NEW_YORK).toInstant(), NEW_YORK))
                .run(new ReportRequest(
                        REPORTED_DAY.atStartOfDay(NEW_YORK).toInstant(),
                        REPORTED_DAY.plusDays(1).atStartOfDay(NEW_YORK).toInstant(),
                        Interval.DAY,
                        Grouping.CHANNEL,
                        List.of(Measure.CSAT, Measure.CSAT_RESPONSE_RATE)));
        Report.Row voice = report.rows().stream()
                .filter(row -> row.key().equals("voice"))
                .findFirst()
                .orElseThrow();
        assertThat(voice.values().get(Measure.CSAT.key())).isEqualTo(4.0);
        assertThat(voice.values().get(Measure.CSAT_RESPONSE_RATE.key())).isCloseTo(50.0, within(0.001));
    }

    /**
     * A database that hangs after the survey began: the caller is not held (they hear the thanks
     * and the call ends at once) and the answer is stored when the database answers again; a
     * stopping node knows it still waits.
     */
    @Test
    void aHungDatabaseDoesNotHoldTheCallerAndTheAnswerIsStoredWhenItAnswersAgain() throws Exception {
        long id = surveyWhileTheDatabaseFails(FreezingProxy::freeze, (proxy, handler, call) -> {
            assertThat(call.variables()).containsEntry("OMNILINE_ACTION", "hangup");
            assertThat(handler.awaitRecords(Duration.ofMillis(300)))
                    .as("the answer waits for the database")
                    .isEqualTo(1);
            proxy.thaw();
            assertThat(handler.awaitRecords(Duration.ofSeconds(20))).isZero();
        });

        assertThat(score(id)).isEqualTo(4);
        assertThat(registry.get("omniline_survey_records_lost_total").counter().count())
                .isZero();
    }

    /** A database that refuses the answer: the caller still hears the end, and the loss is logged and counted. */
    @Test
    void aDatabaseThatRefusesTheAnswerLosesItLoudlyAndTheCallerStillHearsTheEnd() throws Exception {
        long id = surveyWhileTheDatabaseFails(
                FreezingProxy::cut,
                (proxy, handler, call) ->
                        assertThat(handler.awaitRecords(Duration.ofSeconds(60))).isZero());

        assertThat(registry.get("omniline_survey_records_lost_total").counter().count())
                .as("the answer and the survey's steps")
                .isEqualTo(2);
        assertThat(offered(id)).as("offered before the database went").isTrue();
        assertThat(score(id)).isNull();
    }

    /** What a test does while the database is failing, with the proxy that fails it and the call's handler. */
    @FunctionalInterface
    private interface DuringTheFailure {
        void check(FreezingProxy proxy, SurveyCallHandler handler, AsteriskAgiCall call) throws Exception;
    }

    /**
     * A survey whose database fails (through {@code failure}) while the caller hears the question;
     * the caller then presses 4 and must hear the end with nothing stored yet.
     *
     * @return the interaction rated
     */
    private long surveyWhileTheDatabaseFails(java.util.function.Consumer<FreezingProxy> failure, DuringTheFailure then)
            throws Exception {
        String uniqueId = uniqueId();
        long id = answeredCall(uniqueId, "support");
        try (FreezingProxy proxy = FreezingProxy.in(db.settings());
                Database database = Database.connect(proxy.settings(db.settings()))) {
            DSLContext dsl = database.dsl(Duration.ofSeconds(30));
            SurveyCallHandler handler = handler(dsl);

            AsteriskAgiCall call =
                    survey(handler, dsl, uniqueId, id, meanwhile(() -> failure.accept(proxy), press("4")));

            assertThat(call.commands()).contains("STREAM FILE \"omniline/survey-thanks\" \"\"");
            assertThat(score(id)).isNull();
            then.check(proxy, handler, call);
        }
        return id;
    }

    /**
     * The caller through the shipped "main" flow in opening hours, over FastAGI: {@code caller}
     * answers the language choice and the menu; the caller's phone is Alice's, so no account is asked.
     */
    private AsteriskAgiCall ivrCall(String uniqueId, CallerAction... caller) throws Exception {
        IvrCallHandler handler = ivrHandler(db.dsl(), TestConfigs.OPENING_HOURS);
        IvrAgiScript script = new IvrAgiScript(handler);
        AsteriskAgiCall asterisk =
                AsteriskAgiCall.of(AgiEnvironment.call(uniqueId, "15551234567", "100", "ivr?flow=main"), caller);
        try (FastAgiServer server = FastAgiServer.start(
                InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(10), (request, channel) -> script, registry)) {
            asterisk.run(server.port());
        }
        assertThat(handler.awaitRecords(Duration.ofSeconds(20)))
                .as("the IVR's path is stored before the survey numbers its steps after it")
                .isZero();
        return asterisk;
    }

    /** What AMI tells Omniline of the queued call: an agent answered it and hung up first. */
    private static void agentAnsweredAndHungUp(long id) {
        InteractionRepository interactions = db.repositories().interactions();
        interactions.offer(id, agent);
        interactions.answerCall(id, agent, 0);
        interactions.wrapUpCall(id, 120);
    }

    /** A call the IVR queued and an agent answered and finished: the interaction the survey rates. */
    private static long answeredCall(String uniqueId, String queue) {
        InteractionRepository interactions = db.repositories().interactions();
        long id = interactions
                .open(NewInteraction.inboundCall(uniqueId, uniqueId, customer, "15551234567"))
                .id();
        interactions.queueFromIvr(id, queue, 0);
        agentAnsweredAndHungUp(id);
        return id;
    }

    private AsteriskAgiCall survey(DSLContext dsl, String uniqueId, long interaction, CallerAction... caller)
            throws Exception {
        return survey(direct(), dsl, uniqueId, interaction, caller);
    }

    private AsteriskAgiCall survey(
            SurveyCallHandler handler, DSLContext dsl, String uniqueId, long interaction, CallerAction... caller)
            throws Exception {
        return survey(
                handler,
                dsl,
                AsteriskAgiCall.of(
                        AgiEnvironment.call(uniqueId, "15551234567", "100", "survey?interaction=" + interaction),
                        caller));
    }

    private AsteriskAgiCall survey(AsteriskAgiCall afterQueue) throws Exception {
        return survey(direct(), db.dsl(), afterQueue);
    }

    /** The survey's AGI() on a channel Queue() gave back to the dialplan. */
    private AsteriskAgiCall survey(SurveyCallHandler handler, DSLContext dsl, AsteriskAgiCall afterQueue)
            throws Exception {
        SurveyAgiScript script = new SurveyAgiScript(handler, ivrHandler(dsl, Clock.systemUTC()));
        AsteriskAgiCall asterisk = afterQueue.withChannelVariables(Map.of("QUEUESTATUS", "CONTINUE"));
        try (FastAgiServer server = FastAgiServer.start(
                InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(10), (request, channel) -> script, registry)) {
            return asterisk.run(server.port());
        }
    }

    private IvrCallHandler ivrHandler(DSLContext dsl, Clock clock) {
        return IvrCallHandler.overDatabase(
                new Repositories(dsl),
                new PublishedFlows(new FlowRepository(dsl)),
                new IdentityNormalizer("US"),
                PATIENT,
                name -> Optional.empty(),
                clock,
                registry);
    }

    /** The handler over the test's database, made once per test so it knows every survey's records. */
    private SurveyCallHandler direct;

    private SurveyCallHandler direct() {
        if (direct == null) {
            direct = handler(db.dsl());
        }
        return direct;
    }

    private SurveyCallHandler handler(DSLContext dsl) {
        return SurveyCallHandler.overDatabase(
                new Repositories(dsl),
                new PublishedFlows(new FlowRepository(dsl)),
                PATIENT.withSurveyComments(comments.toString()),
                Clock.systemUTC(),
                registry);
    }

    /** The answer is written after the session ends, on the call's database worker. */
    private void awaitStored() throws InterruptedException {
        assertThat(direct().awaitRecords(Duration.ofSeconds(20))).isZero();
    }

    private static Integer score(long interaction) {
        return db.dsl()
                .fetchOptional("select score from csat_survey where interaction_id = ?", interaction)
                .map(row -> row.get(0, Integer.class))
                .orElse(null);
    }

    private static String commentRecording(long interaction) {
        return db.dsl()
                .fetchOptional("select comment_recording from csat_survey where interaction_id = ?", interaction)
                .map(row -> row.get(0, String.class))
                .orElse(null);
    }

    private static boolean offered(long interaction) {
        return db.dsl().fetchExists(db.dsl().selectOne().from("csat_survey").where("interaction_id = ?", interaction));
    }

    private static String uniqueId() {
        return "1796050224." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000);
    }
}
