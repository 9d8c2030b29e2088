package io.omniline.ivr.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The node type names a flow may use. */
final class NodeTypes {

    static final String NAMES = Arrays.stream(
                    Node.class.getAnnotation(JsonSubTypes.class).value())
            .map(JsonSubTypes.Type::name)
            .collect(Collectors.joining(", "));

    private static final Map<Class<?>, String> BY_CLASS = Arrays.stream(
                    Node.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    private NodeTypes() {}

    static String nameOf(Class<?> type) {
        return BY_CLASS.get(type);
    }
}
