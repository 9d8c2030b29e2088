package io.omniline.ivr.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What changed between two definitions of a flow, node by node, for an admin comparing
 * versions before a publish or a rollback.
 */
public record FlowDiff(List<Change> changes) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code kind} is added, removed or changed; {@code node} is null for flow-level fields. */
    public record Change(String kind, String node, String field, JsonNode before, JsonNode after) {}

    public static FlowDiff between(String beforeJson, String afterJson) {
        JsonNode before = read(beforeJson);
        JsonNode after = read(afterJson);
        List<Change> changes = new ArrayList<>();
        for (String field : List.of("start", "language", "description")) {
            if (!Objects.equals(before.get(field), after.get(field))) {
                changes.add(new Change("changed", null, field, before.get(field), after.get(field)));
            }
        }
        JsonNode beforeNodes = before.path("nodes");
        JsonNode afterNodes = after.path("nodes");
        TreeSet<String> ids = new TreeSet<>();
        beforeNodes.fieldNames().forEachRemaining(ids::add);
        afterNodes.fieldNames().forEachRemaining(ids::add);
        for (String id : ids) {
            JsonNode was = beforeNodes.get(id);
            JsonNode is = afterNodes.get(id);
            if (was == null) {
                changes.add(new Change("added", id, null, null, is));
            } else if (is == null) {
                changes.add(new Change("removed", id, null, was, null));
            } else if (!was.equals(is)) {
                TreeSet<String> fields = new TreeSet<>();
                was.fieldNames().forEachRemaining(fields::add);
                is.fieldNames().forEachRemaining(fields::add);
                for (String field : fields) {
                    if (!Objects.equals(was.get(field), is.get(field))) {
                        changes.add(new Change("changed", id, field, was.get(field), is.get(field)));
                    }
                }
            }
        }
        return new FlowDiff(List.copyOf(changes));
    }

    private static JsonNode read(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node == null ? MAPPER.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot compare: not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
