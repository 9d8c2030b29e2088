package io.omniline.ivr.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class FlowDiffTest {

    @Test
    void listsAddedRemovedAndChangedNodesField() {
        String before = """
                {"start": "a", "nodes": {"a": {"type": "play", "prompts": ["x"], "next": "b"}, "b": {"type": "hangup"}}}""";
        String after = """
                {"start": "a", "language": "es", "nodes": {"a": {"type": "play", "prompts": ["y"], "next": "c"}, "c": {"type": "hangup"}}}""";

        FlowDiff diff = FlowDiff.between(before, after);

        assertThat(diff.changes())
                .extracting(FlowDiff.Change::kind, FlowDiff.Change::node, FlowDiff.Change::field)
                .containsExactly(
                        tuple("changed", null, "language"),
                        tuple("changed", "a", "next"),
                        tuple("changed", "a", "prompts"),
                        tuple("removed", "b", null),
                        tuple("added", "c", null));
        assertThat(FlowDiff.between(before, before).changes()).isEmpty();
        assertThatThrownBy(() -> FlowDiff.between("{", after)).hasMessageContaining("not valid JSON");
    }
}
