package io.omniline.ivr.run;

import java.util.Map;

/**
 * What a flow may know about the caller once found: shown to branch conditions as
 * {@code customer.id}, {@code customer.name}, {@code customer.vip},
 * {@code customer.openInteraction} and {@code customer.<attribute>}.
 */
public record CustomerFacts(
        long id, String name, boolean vip, boolean openInteraction, Map<String, Object> attributes) {

    public CustomerFacts {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
