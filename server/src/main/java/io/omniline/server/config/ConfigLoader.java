package io.omniline.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one YAML file over the built-in defaults, then environment variables over both.
 * Every key has an environment variable: {@code database.embedded.dataDir} is
 * {@code OMNILINE_DATABASE_EMBEDDED_DATA_DIR}; lists ({@code ami.servers}) are set in the file only. Unknown keys and unknown {@code OMNILINE_}
 * variables are errors, because a typo that silently falls back to a default is worse.
 */
public final class ConfigLoader {

    public static final String ENV_PREFIX = "OMNILINE_";
    /** Variables with the prefix that are not configuration keys. */
    private static final List<String> NOT_KEYS = List.of("OMNILINE_CONFIG", "OMNILINE_TEST_DATABASE_URL");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /**
     * @param file the YAML file, or null for defaults and environment only
     * @param environment usually {@code System.getenv()}
     */
    public OmnilineConfig load(Path file, Map<String, String> environment) {
        ObjectNode tree = yaml.valueToTree(OmnilineConfig.defaults());
        if (file != null) {
            String source = file.toString();
            overlay(tree, readFile(file), source, "");
        }
        applyEnvironment(tree, environment);
        try {
            return yaml.treeToValue(tree, OmnilineConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("unknown configuration key " + path(e) + (file == null ? "" : " in " + file));
        } catch (MismatchedInputException e) {
            String path = path(e);
            throw new ConfigException(
                    "configuration key " + path + " has the wrong type: expected " + describe(e.getTargetType())
                            + (file == null ? "" : " (in " + file + " or its environment variable)"));
        } catch (JsonProcessingException e) {
            throw new ConfigException("configuration is invalid: " + e.getOriginalMessage());
        }
    }

    /** ami.servers[1].port: list items by their place, counted from 0. */
    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() == null) {
                path.append('[').append(ref.getIndex()).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return path.toString();
    }

    private JsonNode readFile(Path file) {
        try {
            JsonNode node = yaml.readTree(Files.readString(file));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return yaml.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(file + ": expected keys and values at the top level");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    file + " is not valid YAML: line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
    }

    /** Copies the file's values over the defaults, refusing keys the defaults do not have. */
    private static void overlay(ObjectNode target, JsonNode values, String source, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> fields = values.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode current = target.get(field.getKey());
            if (current == null) {
                throw new ConfigException(source + ": unknown configuration key " + key + " (known here: "
                        + knownKeys(target, prefix) + ")");
            }
            if (current.isArray()) {
                if (!field.getValue().isArray()) {
                    throw new ConfigException(
                            source + ": configuration key " + key + " is a list; expected items under it");
                }
                target.set(field.getKey(), field.getValue());
            } else if (current.isObject()) {
                if (!field.getValue().isObject()) {
                    throw new ConfigException(
                            source + ": configuration key " + key + " is a section; expected keys under it");
                }
                overlay((ObjectNode) current, field.getValue(), source, key + ".");
            } else {
                if (field.getValue().isContainerNode()) {
                    throw new ConfigException(source + ": configuration key " + key + " takes a single value");
                }
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void applyEnvironment(ObjectNode tree, Map<String, String> environment) {
        Map<String, LeafRef> leaves = new TreeMap<>();
        collectLeaves(tree, "", leaves);
        List<String> unknown = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || NOT_KEYS.contains(name)) {
                return;
            }
            LeafRef leaf = leaves.get(name);
            if (leaf == null) {
                unknown.add(name);
            } else {
                leaf.parent().set(leaf.field(), new TextNode(value));
            }
        });
        if (!unknown.isEmpty()) {
            unknown.sort(null);
            throw new ConfigException("unknown environment variable " + String.join(", ", unknown) + " (known: "
                    + String.join(", ", leaves.keySet()) + ")");
        }
    }

    private static void collectLeaves(ObjectNode node, String path, Map<String, LeafRef> leaves) {
        node.fields().forEachRemaining(field -> {
            String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (field.getValue().getNodeType() == JsonNodeType.OBJECT) {
                collectLeaves((ObjectNode) field.getValue(), key, leaves);
            } else if (field.getValue().getNodeType() != JsonNodeType.ARRAY) {
                leaves.put(environmentName(key), new LeafRef(node, field.getKey()));
            }
        });
    }

    /** database.embedded.dataDir -> OMNILINE_DATABASE_EMBEDDED_DATA_DIR */
    public static String environmentName(String key) {
        return ENV_PREFIX
                + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static String knownKeys(ObjectNode node, String prefix) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> keys.add(prefix + name));
        return String.join(", ", keys);
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return type == String.class ? "text" : type.getSimpleName();
    }

    private record LeafRef(ObjectNode parent, String field) {}
}
