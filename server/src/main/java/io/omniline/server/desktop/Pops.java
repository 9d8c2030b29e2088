package io.omniline.server.desktop;

import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.IvrPathRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.pop.PopContextQuery;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * What a screen pop shows about a call: the customer's context (card, identities, recent
 * interactions, the last chat in full), the IVR path with the digits pressed, the queue and the
 * wait. Built for the push at ring, again for a desktop that reconnects mid-call, and for a chat,
 * email or SMS conversation the agent opens (which has no IVR path).
 */
public final class Pops {

    private static final int RECENT_INTERACTIONS = 10;

    private final InteractionRepository interactions;
    private final IvrPathRepository paths;
    private final PopContextQuery contexts;

    public Pops(DSLContext dsl) {
        this.interactions = new InteractionRepository(dsl);
        this.paths = new IvrPathRepository(dsl);
        this.contexts = new PopContextQuery(dsl, RECENT_INTERACTIONS);
    }

    /** The pop's contents for one call. */
    public Map<String, Object> of(long interactionId) {
        Map<String, Object> pop = new LinkedHashMap<>();
        interactions.findById(interactionId).ifPresent(call -> {
            pop.put("queue", call.queueName());
            pop.put("callerNumber", call.metadata().get(NewInteraction.CALLER_NUMBER));
            pop.put("state", call.state().getLiteral());
            pop.put("waitedSeconds", call.queuedAt() == null ? null
                    : Duration.between(call.queuedAt(), call.answeredAt() == null ? OffsetDateTime.now() : call.answeredAt())
                            .toSeconds());
            pop.put("customer", call.customerId() == null ? null : contexts.forCustomer(call.customerId()).orElse(null));
        });
        pop.put("ivrPath", paths.path(interactionId));
        return pop;
    }

    /** The agent's call still in hand (ringing, talking or being wrapped up), newest first. */
    public Optional<Interaction> currentCall(long agentId) {
        return interactions.liveCallOf(agentId);
    }
}
