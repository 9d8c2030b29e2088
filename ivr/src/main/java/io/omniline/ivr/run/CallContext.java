package io.omniline.ivr.run;

import java.time.Instant;
import java.util.Map;

/**
 * What is known about a call when it enters a flow.
 *
 * @param callerNumber caller ID as the network gave it
 * @param dialledNumber the number dialled (DID or extension)
 * @param variables initial flow variables (e.g. from the AGI request's parameters)
 * @param language the language the caller already hears (chosen earlier in the call), which the
 *     flow starts in instead of its own; null for a call that enters its first flow
 */
public record CallContext(
        String callerNumber,
        String callerName,
        String dialledNumber,
        Instant startedAt,
        Map<String, String> variables,
        String language) {

    public CallContext {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    /** A call entering its first flow, which starts in the flow's language. */
    public CallContext(
            String callerNumber,
            String callerName,
            String dialledNumber,
            Instant startedAt,
            Map<String, String> variables) {
        this(callerNumber, callerName, dialledNumber, startedAt, variables, null);
    }
}
