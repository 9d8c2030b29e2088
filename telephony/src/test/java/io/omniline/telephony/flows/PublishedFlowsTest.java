package io.omniline.telephony.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.flow.DialledNumbers;
import io.omniline.db.flow.FlowDraft;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.notify.Notifications;
import io.omniline.db.testing.TestDatabase;
import io.omniline.ivr.model.Flow;
import io.omniline.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PublishedFlowsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String V1 = "{\"start\": \"one\", \"nodes\": {\"one\": {\"type\": \"hangup\"}}}";
    private static final String V2 = "{\"start\": \"two\", \"nodes\": {\"two\": {\"type\": \"hangup\"}}}";

    private final FlowRepository repository = db.repositories().flows();
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
        assertThat(normalising.forNumber("14155550100"))
                .map(PublishedFlows.LiveFlow::name)
                .contains("did");
        assertThat(normalising.forNumber("+14155550100"))
                .map(PublishedFlows.LiveFlow::name)
                .contains("did");
        assertThat(normalising.forNumber("101"))
                .map(PublishedFlows.LiveFlow::name)
                .contains("did");
        assertThat(published.forNumber("14155550100")).isEmpty();
    }

    @Test
    void aRememberedAnswerIsServedWithoutTheDatabaseUntilItIsRechecked() {
        FlowDraft draft = repository.create("cached", "", V1, "ann");
        repository.publish(draft.id(), "v1", "ann");
        repository.route("701", draft.id(), "ann");
        MovableClock clock = new MovableClock(Instant.parse("2026-11-30T12:00:00Z"));
        PublishedFlows remembering = new PublishedFlows(repository, Duration.ofSeconds(10), clock);

        assertThat(remembering.forNumber("701").orElseThrow().version()).isEqualTo(1);
        assertThat(remembering.flow("cached")).map(Flow::start).contains("one");
        repository.saveDraft(draft.id(), V2, "ann");
        repository.publish(draft.id(), "v2", "ann");

        assertThat(remembering.forNumber("701").orElseThrow().version()).isEqualTo(1);
        assertThat(remembering.flow("cached")).map(Flow::start).contains("one");

        clock.advance(Duration.ofSeconds(10));
        assertThat(remembering.forNumber("701").orElseThrow().version()).isEqualTo(2);
        assertThat(remembering.flow("cached")).map(Flow::start).contains("two");
    }

    @Test
    void aPublishOnAnyNodeIsHeardAndTheNextCallGetsTheNewVersion() throws Exception {
        FlowDraft draft = repository.create("heard", "", V1, "ann");
        repository.publish(draft.id(), "v1", "ann");
        repository.route("702", draft.id(), "ann");
        PublishedFlows remembering = new PublishedFlows(
                repository, Duration.ofHours(1), new MovableClock(Instant.parse("2026-11-30T12:00:00Z")));
        LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (Notifications changes =
                Notifications.listen(db.dsl(), db.database().dataSource(), FlowRepository.CHANGES, change -> {
                    remembering.forget();
                    heard.add(change);
                })) {
            String first;
            do {
                changes.publish("listening?");
                first = heard.poll(200, TimeUnit.MILLISECONDS);
            } while (first == null);
            assertThat(remembering.forNumber("702").orElseThrow().version()).isEqualTo(1);

            repository.saveDraft(draft.id(), V2, "ann");
            repository.publish(draft.id(), "v2", "ann");

            String change;
            do {
                change = heard.poll(10, TimeUnit.SECONDS);
            } while ("listening?".equals(change));
            assertThat(change).isEqualTo("heard");
            assertThat(remembering.forNumber("702").orElseThrow().version()).isEqualTo(2);
        }
    }
}
