package io.omniline.telephony.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.flow.DialledNumbers;
import io.omniline.db.flow.FlowDraft;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.testing.TestDatabase;
import io.omniline.ivr.model.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PublishedFlowsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String V1 = "{\"start\": \"one\", \"nodes\": {\"one\": {\"type\": \"hangup\"}}}";
    private static final String V2 = "{\"start\": \"two\", \"nodes\": {\"two\": {\"type\": \"hangup\"}}}";

    private final FlowRepository repository = new FlowRepository(db.dsl());
    private final PublishedFlows published = new PublishedFlows(repository);

    @Test
    void aPublishReachesTheNextCallWhileARunningCallKeepsItsVersion() {
        FlowDraft draft = repository.create("live", "", V1, "ann");
        repository.publish(draft.id(), "v1", "ann");
        repository.route("700", draft.id(), "ann");

        PublishedFlows.LiveFlow running = published.forNumber("700").orElseThrow();
        repository.saveDraft(draft.id(), V2, "ann");
        repository.publish(draft.id(), "v2", "ann");
        PublishedFlows.LiveFlow next = published.forNumber("700").orElseThrow();

        assertThat(running.version()).isEqualTo(1);
        assertThat(running.flow().start()).isEqualTo("one");
        assertThat(next.version()).isEqualTo(2);
        assertThat(next.flow().start()).isEqualTo("two");

        repository.rollback(draft.id(), 1, "back", "ann");
        assertThat(published.forNumber("700").orElseThrow().flow().start()).isEqualTo("one");
        assertThat(published.flow("live")).map(Flow::start).contains("one");
    }

    @Test
    void unpublishedFlowsAndUnroutedNumbersAnswerNothing() {
        repository.create("draft-only", "", V1, "ann");

        assertThat(published.flow("draft-only")).isEmpty();
        assertThat(published.flow("nonexistent")).isEmpty();
        assertThat(published.forNumber("999")).isEmpty();
    }

    /** Routes are stored in E.164; Asterisk hands over the DID as the trunk spells it. */
    @Test
    void aNumberDialledInAnotherFormFindsTheRouteStoredInItsNormalForm() {
        DialledNumbers numbers = new DialledNumbers(new IdentityNormalizer("US"));
        PublishedFlows normalising = new PublishedFlows(repository, numbers);
        FlowDraft draft = repository.create("did", "", V1, "ann");
        repository.publish(draft.id(), "v1", "ann");
        repository.route(numbers.routeKey("+1 (415) 555-0100"), draft.id(), "ann");
        repository.route(numbers.routeKey("101"), draft.id(), "ann");

        assertThat(numbers.routeKey("+1 (415) 555-0100")).isEqualTo("+14155550100");
        assertThat(normalising.forNumber("14155550100")).map(PublishedFlows.LiveFlow::name).contains("did");
        assertThat(normalising.forNumber("+14155550100")).map(PublishedFlows.LiveFlow::name).contains("did");
        assertThat(normalising.forNumber("101")).map(PublishedFlows.LiveFlow::name).contains("did");
        assertThat(published.forNumber("14155550100")).isEmpty();
    }
}
