package io.omniline.ivr.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The flows Omniline ships: "main" (business hours, language, lookup, menu, queues, callback),
 * "after-hours" (message and voicemail) and "survey" (the rating a caller gives after an agent
 * hangs up, in queues with surveys on), with the queues they use. Their prompts ship as sound
 * files in asterisk-conf/sounds.
 */
public final class ExampleFlows {

    public static final Set<String> QUEUES = Set.of("support", "sales", "billing", "callback");
    /** The flow a caller hears after an agent hangs up, in a queue with surveys on. */
    public static final String SURVEY = "survey";

    private ExampleFlows() {}

    /** Flow name to JSON, "after-hours" first because "main" goes to it. */
    public static Map<String, String> all() {
        Map<String, String> flows = new LinkedHashMap<>();
        flows.put("after-hours", read("after-hours"));
        flows.put("main", read("main"));
        flows.put(SURVEY, read(SURVEY));
        return flows;
    }

    private static String read(String name) {
        try (InputStream in = ExampleFlows.class.getResourceAsStream("/flows/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("flows/" + name + ".json is missing from the ivr jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
