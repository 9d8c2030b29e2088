package io.omniline.ivr.run;

import java.time.Instant;
import java.util.Map;

/**
 * What is known about a call when it enters a flow.
 *
 * @param callerNumber caller ID as the network gave it
 * @param dialledNumber the number dialled (DID or extension)
 * @param variables initial flow variables (e.g. from the AGI request's parameters)
 */
public record CallContext(
        String callerNumber,
        String callerName,
        String dialledNumber,
        Instant startedAt,
        Map<String, String> variables) {

    public CallContext {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
