package io.omniline.ivr.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class FlowParserTest {

    private final FlowParser parser = new FlowParser();

    @Test
    void readsEveryNodeType() {
        ParsedFlow parsed = parser.parse(ExampleFlows.all().get("main"));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.flow().start()).isEqualTo("hours");
        assertThat(parsed.flow().node("main-menu")).isInstanceOf(Node.Menu.class);
        assertThat(parsed.flow().node("main-menu").typeName()).isEqualTo("menu");
        assertThat(parsed.flow().node("after-hours").typeName()).isEqualTo("goto-flow");
    }

    /** The designer keeps block positions in the draft; calls never read them. */
    @Test
    void theDesignersLayoutIsAcceptedBesideTheNodesAndMustBeAnObject() {
        String nodes = "\"nodes\": {\"a\": {\"type\": \"hangup\"}}";
        assertThat(parser.parse("{\"start\": \"a\", " + nodes + ", \"layout\": {\"a\": {\"x\": 1, \"y\": 2}}}")
                        .problems())
                .isEmpty();
        assertThat(parser.parse("{\"start\": \"a\", " + nodes + ", \"layout\": [1]}")
                        .problems())
                .extracting(Problem::message)
                .containsExactly("\"layout\" must be an object of node id to {\"x\": number, \"y\": number}");
    }

    @Test
    void malformedJsonSaysWhere() {
        ParsedFlow parsed = parser.parse("{\"start\": \"a\",\n \"nodes\": {");

        assertThat(parsed.flow()).isNull();
        assertThat(parsed.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.isError()).isTrue();
            assertThat(problem.message()).startsWith("not valid JSON at line 2");
        });
        assertThat(parser.parse("[1, 2]").problems())
                .extracting(Problem::message)
                .containsExactly("a flow is a JSON object with \"start\" and \"nodes\"");
    }

    @Test
    void unknownFieldsAreNamedWithTheirNode() {
        ParsedFlow parsed = parser.parse("""
                {"start": "a", "owner": "me", "nodes": {
                  "a": {"type": "play", "prompts": ["x"], "next": "b", "volume": 11},
                  "b": {"type": "hangup"}}}""");

        assertThat(parsed.problems().get(0).message()).startsWith("unknown field \"owner\" (known: ");
        assertThat(parsed.problems().subList(1, 2))
                .extracting(Problem::nodeId, Problem::message)
                .containsExactly(tuple("a", "unknown field \"volume\" for a play node (known: next, prompts)"));
        assertThat(parsed.flow().nodes()).containsOnlyKeys("b");
    }

    @Test
    void unknownNodeTypesAndWrongValuesAreProblemsOfThatNode() {
        ParsedFlow parsed = parser.parse("""
                {"start": "a", "nodes": {
                  "a": {"type": "dance"},
                  "b": {"type": "queue", "queue": "support", "priority": "high"},
                  "c": {"prompts": ["x"]},
                  "d": "hangup",
                  "e": {"type": "hangup"}}}""");

        assertThat(parsed.problems()).extracting(Problem::nodeId).containsExactly("a", "b", "c", "d");
        assertThat(parsed.problems().get(0).message()).startsWith("unknown node type \"dance\" (one of play, menu,");
        assertThat(parsed.problems().get(1).message()).isEqualTo("\"priority\" must be a whole number");
        assertThat(parsed.problems().get(2).message()).startsWith("the node has no \"type\"");
        assertThat(parsed.problems().get(3).message()).isEqualTo("a node is a JSON object with a \"type\"");
    }

    @Test
    void aValueOfTheWrongKindIsNamedInWordsWithoutJavaTypes() {
        ParsedFlow parsed = parser.parse("""
                {"start": "a", "nodes": {
                  "a": {"type": "queue", "queue": "support", "priority": 99999999999, "next": "z"},
                  "b": {"type": "play", "prompts": "hello", "next": "z"},
                  "c": {"type": "queue", "queue": ["support"], "next": "z"},
                  "z": {"type": "hangup"}}}""");

        assertThat(parsed.problems())
                .extracting(Problem::message)
                .containsExactly(
                        "\"priority\" must be a whole number from -2147483648 to 2147483647",
                        "\"prompts\" must be a list",
                        "\"queue\" must be text");
        assertThat(parsed.unreadable()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aDigitUsedTwiceInOneMenuIsRefused() {
        ParsedFlow parsed = parser.parse("""
                {"start": "m", "nodes": {"m": {"type": "menu", "prompt": "p",
                  "options": {"1": "a", "1": "b"}, "timeoutSeconds": 5, "fallback": "a"}, "a": {"type": "hangup"}}}""");

        assertThat(parsed.flow()).isNull();
        assertThat(parsed.problems())
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("Duplicate field '1'");
    }

    @Test
    void aFlowWithoutNodesOrStartIsNamedAsSuch() {
        assertThat(parser.parse("{\"start\": \"a\"}").problems())
                .extracting(Problem::message)
                .containsExactly("\"nodes\" must be an object of node id to node");
        assertThat(parser.parse("{\"nodes\": {}}").problems())
                .extracting(Problem::message)
                .containsExactly("\"start\" must name a node");
    }
}
