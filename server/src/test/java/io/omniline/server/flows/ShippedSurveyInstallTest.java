package io.omniline.server.flows;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.Repositories;
import io.omniline.db.flow.DialledNumbers;
import io.omniline.db.flow.FlowDraft;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.flow.FlowVersion;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.IvrPathRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.ivr.model.ExampleFlows;
import io.omniline.server.prompts.ShippedPrompts;
import io.omniline.telephony.agi.FastAgiServer;
import io.omniline.telephony.flows.PublishedFlows;
import io.omniline.telephony.ivr.IvrCallHandler;
import io.omniline.telephony.ivr.SurveyAgiScript;
import io.omniline.telephony.ivr.SurveyCallHandler;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AsteriskAgiCall;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An installation from before the survey shipped: it has flows of its own but none named
 * "survey". Its next start installs and publishes the shipped survey, and a survey call works;
 * an admin's own "survey", published or a draft, stays as the admin left it.
 */
class ShippedSurveyInstallTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private static final String ADMINS_MAIN = """
            {"start": "hi", "language": "en", "nodes": {
              "hi": {"type": "play", "prompts": ["omniline/welcome"], "next": "q"},
              "q": {"type": "queue", "queue": "support"}}}""";
    private static final String ADMINS_SURVEY = """
            {"start": "bye", "language": "es", "nodes": {
              "bye": {"type": "hangup", "prompt": "omniline/survey-thanks"}}}""";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aDatabaseWithFlowsButNoSurveyGetsTheShippedSurveyPublishedAndASurveyCallWorks() throws Exception {
        FlowRepository flows = db.repositories().flows();
        FlowDraft main = flows.create("main", "", ADMINS_MAIN, "admin");
        flows.publish(main.id(), "", "admin");
        flows.route("200", main.id(), "admin");

        flowService().installExamples("omniline");

        assertThat(flows.list()).extracting(FlowDraft::name).containsExactly("main", ExampleFlows.SURVEY);
        FlowDraft survey = flows.findByName(ExampleFlows.SURVEY).orElseThrow();
        assertThat(flows.published(survey.id()))
                .get()
                .extracting(FlowVersion::version, FlowVersion::publishedBy)
                .containsExactly(1, "omniline");
        assertThat(flows.versions(main.id())).as("the admin's main flow").hasSize(1);
        assertThat(flows.findByName("main").orElseThrow().definition()).isEqualTo(main.definition());
        assertThat(flows.routes()).as("no route added").hasSize(1);

        long interaction = answeredCallInASurveyQueue("1796050224.11");
        AsteriskAgiCall call = survey("1796050224.11", interaction, "4");

        assertThat(call.commands()).contains("GET DATA \"omniline/survey-rate\" 6000 1");
        assertThat(db.repositories().csatSurveys().answered(interaction)).isTrue();
    }

    @Test
    void anAdminsPublishedSurveyIsLeftAsTheAdminMadeIt() {
        FlowRepository flows = db.repositories().flows();
        flows.publish(flows.create("main", "", ADMINS_MAIN, "admin").id(), "", "admin");
        FlowDraft survey = flows.create(ExampleFlows.SURVEY, "ours", ADMINS_SURVEY, "admin");
        flows.publish(survey.id(), "", "admin");
        flows.saveDraft(survey.id(), ADMINS_SURVEY.replace("\"es\"", "\"en\""), "admin");

        flowService().installExamples("omniline");

        FlowDraft after = flows.findByName(ExampleFlows.SURVEY).orElseThrow();
        assertThat(after.definition())
                .isEqualTo(flows.find(survey.id()).orElseThrow().definition());
        assertThat(after.definition()).contains("\"en\"").doesNotContain("survey-rate");
        assertThat(flows.versions(survey.id())).singleElement().satisfies(version -> {
            assertThat(version.publishedBy()).isEqualTo("admin");
            assertThat(version.definition()).contains("\"es\"");
        });
        assertThat(flows.list()).hasSize(2);
    }

    @Test
    void anAdminsUnpublishedSurveyDraftIsNeitherReplacedNorPublished() {
        FlowRepository flows = db.repositories().flows();
        flows.publish(flows.create("main", "", ADMINS_MAIN, "admin").id(), "", "admin");
        FlowDraft survey = flows.create(ExampleFlows.SURVEY, "ours", ADMINS_SURVEY, "admin");

        flowService().installExamples("omniline");

        assertThat(flows.versions(survey.id())).isEmpty();
        assertThat(flows.findByName(ExampleFlows.SURVEY).orElseThrow().definition())
                .isEqualTo(survey.definition());
    }

    private FlowService flowService() {
        FlowRepository repository = db.repositories().flows();
        DialledNumbers numbers = new DialledNumbers(new IdentityNormalizer("US"));
        return new FlowService(
                repository,
                new IvrPathRepository(db.dsl()),
                new PublishedFlows(repository, numbers),
                ShippedPrompts::names,
                ExampleFlows.QUEUES,
                200,
                numbers);
    }

    /** A call an agent of "support" (surveys on) answered and hung up first. */
    private long answeredCallInASurveyQueue(String uniqueId) {
        Repositories repositories = db.repositories();
        repositories.queueSettings().setSurveys("support", true, "admin");
        long agent = repositories
                .agents()
                .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "test")
                .id();
        InteractionRepository interactions = repositories.interactions();
        long id = interactions
                .open(NewInteraction.inboundCall(uniqueId, uniqueId, null, "15551234567"))
                .id();
        interactions.queueFromIvr(id, "support", 0);
        interactions.offer(id, agent);
        interactions.answerCall(id, agent, 0);
        interactions.wrapUpCall(id, 60);
        return id;
    }

    private AsteriskAgiCall survey(String uniqueId, long interaction, String key) throws Exception {
        Repositories repositories = db.repositories();
        PublishedFlows published = new PublishedFlows(repositories.flows());
        IvrCallHandler.Settings settings = new IvrCallHandler.Settings("support", 500, Duration.ofSeconds(10));
        SurveyCallHandler handler =
                SurveyCallHandler.overDatabase(repositories, published, settings, Clock.systemUTC(), registry);
        IvrCallHandler ivr = IvrCallHandler.overDatabase(
                repositories,
                published,
                new IdentityNormalizer("US"),
                settings,
                name -> Optional.empty(),
                Clock.systemUTC(),
                registry);
        SurveyAgiScript script = new SurveyAgiScript(handler, ivr);
        AsteriskAgiCall asterisk = AsteriskAgiCall.of(
                        AgiEnvironment.call(uniqueId, "15551234567", "100", "survey?interaction=" + interaction),
                        press(key))
                .withChannelVariables(Map.of("QUEUESTATUS", "CONTINUE"));
        try (FastAgiServer server = FastAgiServer.start(
                InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(10), (request, channel) -> script, registry)) {
            asterisk.run(server.port());
        }
        assertThat(handler.awaitRecords(Duration.ofSeconds(20))).isZero();
        return asterisk;
    }
}
