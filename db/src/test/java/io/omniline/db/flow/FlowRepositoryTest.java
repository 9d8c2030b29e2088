package io.omniline.db.flow;

import static io.omniline.db.jooq.Tables.IVR_FLOW_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.audit.AuditEntry;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.testing.TestDatabase;
import java.util.UUID;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FlowRepositoryTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String V1 = "{\"start\": \"welcome\", \"nodes\": {\"welcome\": {\"type\": \"hangup\"}}}";
    private static final String V2 = "{\"start\": \"hello\", \"nodes\": {\"hello\": {\"type\": \"hangup\"}}}";

    private final FlowRepository flows = new FlowRepository(db.dsl());
    private final AuditLog audit = new AuditLog(db.dsl());

    @Test
    void publishSnapshotsTheDraftAsTheNextVersion() {
        FlowDraft draft = flows.create(uniqueName(), "Main menu", V1, "ann");
        assertThat(draft.publishedVersion()).isNull();
        assertThat(flows.published(draft.id())).isEmpty();

        FlowVersion v1 = flows.publish(draft.id(), "first cut", "ann");
        flows.saveDraft(draft.id(), V2, "ben");
        FlowVersion v2 = flows.publish(draft.id(), "new greeting", "ben");

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.publishedBy()).isEqualTo("ben");
        assertThat(v2.comment()).isEqualTo("new greeting");
        assertThat(flows.published(draft.id()))
                .contains(flows.version(draft.id(), 2).orElseThrow());
        assertThat(flows.version(draft.id(), 1).orElseThrow().definition()).contains("welcome");
        assertThat(flows.versions(draft.id())).extracting(FlowVersion::version).containsExactly(2, 1);
        assertThat(flows.find(draft.id()).orElseThrow().publishedVersion()).isEqualTo(2);
    }

    @Test
    void editingTheDraftDoesNotChangeWhatIsLive() {
        FlowDraft draft = flows.create(uniqueName(), "", V1, "ann");
        flows.publish(draft.id(), "", "ann");

        flows.saveDraft(draft.id(), V2, "ann");

        assertThat(flows.published(draft.id()).orElseThrow().definition()).contains("welcome");
        assertThat(flows.find(draft.id()).orElseThrow().definition()).contains("hello");
    }

    @Test
    void rollbackRepublishesAnEarlierVersionAsANewOne() {
        FlowDraft draft = flows.create(uniqueName(), "", V1, "ann");
        flows.publish(draft.id(), "", "ann");
        flows.saveDraft(draft.id(), V2, "ann");
        flows.publish(draft.id(), "", "ann");

        FlowVersion v3 = flows.rollback(draft.id(), 1, "v2 broke the menu", "cat");

        assertThat(v3.version()).isEqualTo(3);
        assertThat(v3.sourceVersion()).isEqualTo(1);
        assertThat(v3.definition())
                .isEqualTo(flows.version(draft.id(), 1).orElseThrow().definition());
        assertThat(flows.published(draft.id()).orElseThrow().version()).isEqualTo(3);
        assertThat(flows.find(draft.id()).orElseThrow().definition()).contains("welcome");
        assertThat(audit.forEntity("ivr_flow", draft.id()))
                .extracting(AuditEntry::action)
                .containsExactly("flow.rollback", "flow.publish", "flow.draft.save", "flow.publish", "flow.create");
    }

    @Test
    void rollingBackToAVersionThatDoesNotExistChangesNothing() {
        FlowDraft draft = flows.create(uniqueName(), "", V1, "ann");
        flows.publish(draft.id(), "", "ann");

        assertThatThrownBy(() -> flows.rollback(draft.id(), 7, "", "ann"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("version 7 of flow " + draft.name() + " does not exist");
        assertThat(flows.versions(draft.id())).hasSize(1);
    }

    @Test
    void publishingAFlowThatDoesNotExistSaysSo() {
        assertThatThrownBy(() -> flows.publish(424242, "", "ann"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("flow 424242 does not exist");
    }

    @Test
    void publishedVersionsCannotBeAlteredEvenInSql() {
        FlowDraft draft = flows.create(uniqueName(), "", V1, "ann");
        flows.publish(draft.id(), "", "ann");

        assertThatThrownBy(() -> db.dsl()
                        .update(IVR_FLOW_VERSION)
                        .set(IVR_FLOW_VERSION.COMMENT, "rewritten")
                        .where(IVR_FLOW_VERSION.FLOW_ID.eq(draft.id()))
                        .execute())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("ivr_flow_version rows are immutable");
        assertThatThrownBy(() -> db.dsl()
                        .deleteFrom(IVR_FLOW_VERSION)
                        .where(IVR_FLOW_VERSION.FLOW_ID.eq(draft.id()))
                        .execute())
                .hasMessageContaining("immutable");
    }

    @Test
    void draftsMustBeJsonObjectsAndNamesUnique() {
        String name = uniqueName();
        FlowDraft draft = flows.create(name, "", V1, "ann");

        assertThatThrownBy(() -> flows.saveDraft(draft.id(), "{not json", "ann"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> flows.saveDraft(draft.id(), "[1,2]", "ann"))
                .hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> flows.create(name, "", V1, "ann"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("exists already");
        assertThatThrownBy(() -> flows.create("Main Menu!", "", V1, "ann"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lowercase");
        assertThat(flows.findByName(name)).contains(flows.find(draft.id()).orElseThrow());
    }

    @Test
    void aDialledNumberLeadsToItsFlowsPublishedVersion() {
        FlowDraft main = flows.create(uniqueName(), "", V1, "ann");
        FlowDraft night = flows.create(uniqueName(), "", V2, "ann");
        flows.publish(main.id(), "", "ann");
        flows.publish(night.id(), "", "ann");
        String did = "+1415555" + (1000 + (int) (Math.random() * 8999));

        flows.route(did, main.id(), "ann");
        assertThat(flows.publishedForNumber(did).orElseThrow().flowId()).isEqualTo(main.id());

        flows.route(did, night.id(), "ben");
        assertThat(flows.publishedForNumber(did).orElseThrow().flowId()).isEqualTo(night.id());
        assertThat(flows.routes())
                .filteredOn(r -> r.number().equals(did))
                .singleElement()
                .satisfies(r -> assertThat(r.flowName()).isEqualTo(night.name()));

        flows.unroute(did, "ben");
        assertThat(flows.publishedForNumber(did)).isEmpty();
        assertThat(audit.forEntity("number_route", did))
                .extracting(AuditEntry::action)
                .containsExactly("number.unroute", "number.route", "number.route");
    }

    @Test
    void anUnpublishedFlowAnswersNoNumber() {
        FlowDraft draft = flows.create(uniqueName(), "", V1, "ann");
        flows.route("100", draft.id(), "ann");

        assertThat(flows.publishedForNumber("100")).isEmpty();
    }

    @Test
    void onlyNeverPublishedUnroutedFlowsCanBeDeleted() {
        FlowDraft scratch = flows.create(uniqueName(), "", V1, "ann");
        FlowDraft routed = flows.create(uniqueName(), "", V1, "ann");
        flows.route("300", routed.id(), "ann");
        FlowDraft live = flows.create(uniqueName(), "", V1, "ann");
        flows.publish(live.id(), "", "ann");

        flows.delete(scratch.id(), "ann");

        assertThat(flows.find(scratch.id())).isEmpty();
        assertThat(audit.forEntity("ivr_flow", scratch.id()))
                .extracting(AuditEntry::action)
                .startsWith("flow.delete");
        assertThatThrownBy(() -> flows.delete(routed.id(), "ann"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("route them elsewhere first");
        assertThatThrownBy(() -> flows.delete(live.id(), "ann"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("kept for history");
        assertThatThrownBy(() -> flows.delete(scratch.id(), "ann")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void badRoutesAreRefused() {
        FlowDraft draft = flows.create(uniqueName(), "", V1, "ann");

        assertThatThrownBy(() -> flows.route("call-me", draft.id(), "ann"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"call-me\" is not a dialled number");
        assertThatThrownBy(() -> flows.route("200", 99_999, "ann")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> flows.unroute("201", "ann")).isInstanceOf(NotFoundException.class);
    }

    private static String uniqueName() {
        return "flow-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
