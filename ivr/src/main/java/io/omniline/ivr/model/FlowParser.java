package io.omniline.ivr.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a flow's JSON. Each node is read on its own, so one bad node yields one problem with
 * its id and the rest of the flow is still read and checked.
 */
public final class FlowParser {

    /** Limits that keep a hostile or broken document from costing more than it should. */
    public static final int MAX_NODES = 20_000;

    /**
     * {@code layout} holds where the designer drew each node ({@code {"id": {"x": 0, "y": 0}}}):
     * kept with the draft so versions, rollbacks and diffs carry it, never read by calls.
     */
    private static final Set<String> TOP_LEVEL = Set.of("start", "language", "nodes", "name", "description", "layout");

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public ParsedFlow parse(String json) {
        List<Problem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            problems.add(Problem.error(
                    null,
                    "not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
            return new ParsedFlow(null, problems);
        }
        if (root == null || !root.isObject()) {
            problems.add(Problem.error(null, "a flow is a JSON object with \"start\" and \"nodes\""));
            return new ParsedFlow(null, problems);
        }
        root.fieldNames().forEachRemaining(field -> {
            if (!TOP_LEVEL.contains(field)) {
                problems.add(Problem.error(
                        null, "unknown field \"" + field + "\" (known: " + String.join(", ", TOP_LEVEL) + ")"));
            }
        });
        if (root.has("layout") && !root.get("layout").isObject()) {
            problems.add(
                    Problem.error(null, "\"layout\" must be an object of node id to {\"x\": number, \"y\": number}"));
        }
        String start = text(root, "start", problems);
        String language = root.hasNonNull("language") ? root.get("language").asText() : null;
        JsonNode nodesJson = root.get("nodes");
        if (nodesJson == null || !nodesJson.isObject()) {
            problems.add(Problem.error(null, "\"nodes\" must be an object of node id to node"));
            return new ParsedFlow(null, problems);
        }
        if (nodesJson.size() > MAX_NODES) {
            problems.add(Problem.error(
                    null, "a flow may have at most " + MAX_NODES + " nodes, this one has " + nodesJson.size()));
            return new ParsedFlow(null, problems);
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        Set<String> unreadable = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> fields = nodesJson.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Node node = node(field.getKey(), field.getValue(), problems);
            if (node != null) {
                nodes.put(field.getKey(), node);
            } else {
                unreadable.add(field.getKey());
            }
        }
        return new ParsedFlow(new Flow(start, language, nodes), problems, unreadable);
    }

    private Node node(String id, JsonNode json, List<Problem> problems) {
        if (!json.isObject()) {
            problems.add(Problem.error(id, "a node is a JSON object with a \"type\""));
            return null;
        }
        if (!json.hasNonNull("type")) {
            problems.add(Problem.error(id, "the node has no \"type\" (one of " + NodeTypes.NAMES + ")"));
            return null;
        }
        try {
            return mapper.treeToValue(json, Node.class);
        } catch (InvalidTypeIdException e) {
            problems.add(
                    Problem.error(id, "unknown node type \"" + e.getTypeId() + "\" (one of " + NodeTypes.NAMES + ")"));
        } catch (UnrecognizedPropertyException e) {
            problems.add(Problem.error(
                    id,
                    "unknown field \"" + e.getPropertyName() + "\" for a "
                            + json.get("type").asText() + " node (known: "
                            + e.getKnownPropertyIds().stream()
                                    .map(Object::toString)
                                    .filter(name -> !name.equals("type"))
                                    .sorted()
                                    .collect(Collectors.joining(", "))
                            + ")"));
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                    .collect(Collectors.joining("."));
            problems.add(Problem.error(id, (path.isEmpty() ? "" : "\"" + path + "\" ") + FieldKinds.expected(e)));
        } catch (JsonProcessingException e) {
            problems.add(Problem.error(id, FieldKinds.expected(e)));
        }
        return null;
    }

    private static String text(JsonNode root, String field, List<Problem> problems) {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(Problem.error(null, "\"" + field + "\" must name a node"));
            return null;
        }
        return value.asText();
    }
}
