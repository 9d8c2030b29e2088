package io.omniline.server.workspace;

import io.omniline.customers.claims.VisitorClaims;
import io.omniline.customers.link.LinkTokens;
import io.omniline.db.Repositories;
import io.omniline.db.customer.Customer;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.identity.Identity;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.IvrPathRepository;
import io.omniline.db.interaction.IvrStep;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.pop.PopContext;
import io.omniline.db.pop.PopContextQuery;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a screen pop shows about a call: the customer's context (card, identities, recent
 * interactions, the last chat in full), the IVR path with the digits pressed, the queue and the
 * wait. Built for the push at ring, again for a desktop that reconnects mid-call, and for a chat,
 * email or SMS conversation the agent opens (which has no IVR path).
 *
 * <p>It says how the customer was identified ({@code identifiedBy}): a caller ID can be spoofed
 * and the agent should know. For a chat it lists what the visitor typed ({@code claims}) and, when
 * a claim is someone's identity, suggests that customer ({@code suggestion}, marked unverified):
 * their name only, never their history, with a link the agent may use after checking.
 */
public final class Pops {

    private static final int RECENT_INTERACTIONS = 10;
    /** Calls whose pop is read ahead at most (about the callers who can wait in queues at once). */
    private static final int MAX_WARM = 20_000;

    private static final Logger log = LoggerFactory.getLogger(Pops.class);

    private final InteractionRepository interactions;
    private final IvrPathRepository paths;
    private final PopContextQuery contexts;
    private final CustomerRepository customers;
    private final LinkTokens links;
    private final Map<Long, Warm> warmed = new ConcurrentHashMap<>();

    public Pops(Repositories repositories, LinkTokens links) {
        this.interactions = repositories.interactions();
        this.paths = repositories.ivrPaths();
        this.contexts = repositories.popContexts(RECENT_INTERACTIONS);
        this.customers = repositories.customers();
        this.links = links;
    }

    /** The pop's contents for one call, read now. */
    public Map<String, Object> of(long interactionId) {
        Map<String, Object> pop = new LinkedHashMap<>();
        interactions
                .findById(interactionId)
                .ifPresent(call -> describe(
                        pop,
                        call,
                        call.state(),
                        call.customerId() == null
                                ? null
                                : contexts.forCustomer(call.customerId()).orElse(null)));
        pop.put("ivrPath", paths.path(interactionId));
        return pop;
    }

    /**
     * The pop pushed when the call rings an agent, from what {@link #warm} read when the caller
     * joined the queue (the call, the customer's context and the IVR path do not change while the
     * caller waits), so the ring only sends, and a ring that reaches several agents at once reads
     * nothing per agent. The ring is the call's offer, so its state is offered, as the row says once
     * the offer is stored. An IVR path not yet stored when the caller joined is read now; a call
     * not read ahead is read whole.
     */
    public Map<String, Object> atRing(long interactionId) {
        Warm warm = warmed.get(interactionId);
        if (warm == null) {
            return of(interactionId);
        }
        Map<String, Object> pop = new LinkedHashMap<>();
        describe(pop, warm.call(), InteractionState.offered, warm.customer().orElse(null));
        pop.put("ivrPath", warm.ivrPath().isEmpty() ? paths.path(interactionId) : warm.ivrPath());
        return pop;
    }

    /** Reads ahead what {@link #atRing} will need for this call; a failure only means the ring reads it. */
    public void warm(long interactionId) {
        if (warmed.size() >= MAX_WARM) {
            return;
        }
        try {
            interactions
                    .findById(interactionId)
                    .ifPresent(call -> warmed.put(
                            interactionId,
                            new Warm(
                                    call,
                                    call.customerId() == null
                                            ? Optional.empty()
                                            : contexts.forCustomer(call.customerId()),
                                    paths.path(interactionId))));
        } catch (RuntimeException e) {
            log.debug("the pop of interaction {} was not read ahead: {}", interactionId, e.toString());
        }
    }

    /** The call left the queue for good: nothing more rings for it. */
    public void forget(long interactionId) {
        warmed.remove(interactionId);
    }

    private void describe(Map<String, Object> pop, Interaction call, InteractionState state, PopContext customer) {
        pop.put("queue", call.queueName());
        pop.put("callerNumber", call.metadata().get(NewInteraction.CALLER_NUMBER));
        pop.put("state", state.getLiteral());
        pop.put(
                "waitedSeconds",
                call.queuedAt() == null
                        ? null
                        : Duration.between(
                                        call.queuedAt(),
                                        call.answeredAt() == null ? OffsetDateTime.now() : call.answeredAt())
                                .toSeconds());
        pop.put("customer", customer == null ? null : customer.without(call.id()));
        pop.put("identifiedBy", identifiedBy(call, customer));
        VisitorClaims claims = VisitorClaims.of(call);
        if (!claims.isEmpty()) {
            pop.put(
                    "claims",
                    claims.claimed().stream()
                            .map(identity -> Map.of(
                                    "kind",
                                    identity.kind().getLiteral(),
                                    "value",
                                    identity.value(),
                                    "verified",
                                    claims.isVerified(identity.kind())))
                            .toList());
            suggestion(call, claims).ifPresent(suggested -> pop.put("suggestion", suggested));
        }
    }

    /** The agent's call still in hand (ringing, talking or being wrapped up), newest first. */
    public Optional<Interaction> currentCall(long agentId) {
        return interactions.liveCallOf(agentId);
    }

    /** What a pop needs that does not change while the caller waits. */
    private record Warm(Interaction call, Optional<PopContext> customer, List<IvrStep> ivrPath) {}

    /** How the customer of this contact is known; null for a contact nobody has identified. */
    private static String identifiedBy(Interaction interaction, PopContext customer) {
        if (interaction.metadata().get(InteractionRepository.IDENTIFIED_BY) instanceof String how) {
            return how;
        }
        if (customer == null || customer.identities().isEmpty()) {
            return null;
        }
        return switch (interaction.channel()) {
            case voice -> "caller ID (the network's word for it; it can be spoofed)";
            case email -> "the sender's address";
            case sms -> "the sender's number";
            case chat -> "an earlier chat from the same browser";
        };
    }

    /** The customer whose identity the visitor typed and has not proved: a name and a way to link, nothing more. */
    private Optional<Map<String, Object>> suggestion(Interaction chat, VisitorClaims claims) {
        Customer likely = null;
        List<String> matchedBy = new ArrayList<>();
        for (Identity claimed : claims.claimed()) {
            Optional<Customer> owner = claims.isVerified(claimed.kind())
                    ? Optional.empty()
                    : customers
                            .findByIdentity(claimed)
                            .filter(found -> !Long.valueOf(found.id()).equals(chat.customerId()));
            if (owner.isEmpty()) {
                continue;
            }
            if (likely == null) {
                likely = owner.get();
            }
            if (owner.get().id() == likely.id()) {
                matchedBy.add("claimed " + claimed.kind().getLiteral());
            }
        }
        if (likely == null) {
            return Optional.empty();
        }
        Map<String, Object> suggestion = new LinkedHashMap<>();
        suggestion.put("customerId", likely.id());
        suggestion.put("displayName", likely.displayName());
        suggestion.put("matchedBy", matchedBy);
        suggestion.put("verified", false);
        suggestion.put("link", links.issue(chat.id(), likely.id(), String.join(", ", matchedBy)));
        return Optional.of(suggestion);
    }
}
