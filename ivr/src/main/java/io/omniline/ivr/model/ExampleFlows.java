package io.omniline.ivr.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The flows Omniline ships: "main" (business hours, language, lookup, menu, queues, callback)
 * and "after-hours" (message and voicemail), with the prompts and queues they use.
 */
public final class ExampleFlows {

    public static final Set<String> PROMPTS = Set.of("omniline/welcome", "omniline/for-english-1-para-espanol-2",
            "omniline/enter-account-number", "omniline/invalid-account", "omniline/main-menu",
            "omniline/invalid-option", "omniline/no-input", "omniline/callback-offer", "omniline/goodbye",
            "omniline/closed", "omniline/opening-hours", "omniline/leave-message");
    public static final Set<String> QUEUES = Set.of("support", "sales", "billing", "callback");

    private ExampleFlows() {
    }

    /** Flow name to JSON, "after-hours" first because "main" goes to it. */
    public static Map<String, String> all() {
        Map<String, String> flows = new LinkedHashMap<>();
        flows.put("after-hours", read("after-hours"));
        flows.put("main", read("main"));
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
