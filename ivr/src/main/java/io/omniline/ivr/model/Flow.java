package io.omniline.ivr.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An IVR flow: named nodes and the one calls enter at. Immutable, so a call can keep running on
 * the version it started with while a newer one is published.
 *
 * @param language the prompt language calls start in, e.g. "en"
 */
public record Flow(String start, String language, Map<String, Node> nodes) {

    /** A prompt language as Asterisk names its sound folders: en, es, pt_BR. */
    public static final Pattern LANGUAGE_CODE = Pattern.compile("[a-z]{2}(_[A-Z]{2})?");

    public Flow {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        language = language == null ? "en" : language;
    }

    public Node node(String id) {
        return nodes.get(id);
    }
}
