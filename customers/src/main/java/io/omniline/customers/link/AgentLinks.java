package io.omniline.customers.link;

import io.omniline.db.NotFoundException;
import io.omniline.db.customer.CustomerLinks;
import io.omniline.db.identity.Identity;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.NewInteraction;
import java.util.Map;
import java.util.Set;

/**
 * Who a contact is, decided by the agent serving it: their call or conversation is linked to a
 * customer their search found (each result carries a signed grant for that one contact, never
 * an id typed in), or an unknown caller becomes a new customer. The link and the caller's number
 * the customer gains with it are one audited step ({@link CustomerLinks}).
 */
public final class AgentLinks {

    private static final Set<InteractionState> IN_HAND =
            Set.of(InteractionState.offered, InteractionState.active, InteractionState.wrap_up);

    private final InteractionRepository interactions;
    private final CustomerLinks links;
    private final LinkTokens tokens;
    private final IdentityNormalizer normalizer;

    public AgentLinks(
            InteractionRepository interactions, CustomerLinks links, LinkTokens tokens, IdentityNormalizer normalizer) {
        this.interactions = interactions;
        this.links = links;
        this.tokens = tokens;
        this.normalizer = normalizer;
    }

    /** @throws NotFoundException when there is no such interaction */
    public Interaction contact(long interactionId) {
        return interactions
                .findById(interactionId)
                .orElseThrow(() -> new NotFoundException("interaction", interactionId));
    }

    /** Whether the agent has the contact in hand now (ringing or offered, on, or in wrap-up). */
    public boolean isServing(Interaction contact, long agentId) {
        return Long.valueOf(agentId).equals(contact.agentId()) && IN_HAND.contains(contact.state());
    }

    /** The grant that comes with a search result: link this contact to that customer. */
    public String grant(long interactionId, long customerId, String matchedBy) {
        return tokens.issue(interactionId, customerId, matchedBy);
    }

    /**
     * An unknown caller becomes a new customer called {@code name}, or is linked to the customer of
     * {@code link}; either way the customer keeps the caller's number.
     *
     * @throws IllegalArgumentException when the call has no caller number, the link is not for this
     *     call, or neither a link nor a name is given
     */
    public void linkCaller(Interaction call, String link, String name, String actor) {
        Object number = call.metadata().get(NewInteraction.CALLER_NUMBER);
        if (number == null) {
            throw new IllegalArgumentException("call " + call.id() + " has no caller number to keep");
        }
        Identity phone = normalizer.phone(number.toString());
        if (link != null) {
            LinkTokens.Link granted = verified(link, call.id());
            links.linkedByAgent(
                    call.id(), granted.customerId(), phone, actor, Map.of("matchedBy", granted.matchedBy()));
        } else if (name != null && !name.isBlank()) {
            links.newCustomer(call.id(), name.strip(), phone, actor);
        } else {
            throw new IllegalArgumentException("send {\"name\": …} for a new customer, or {\"link\": …} from a"
                    + " result of GET /api/customers/search?interaction=" + call.id() + "&q=…");
        }
    }

    /**
     * A chat visitor, an email sender or an SMS sender the agent checked: their conversation joins the customer.
     *
     * @throws IllegalArgumentException when there is no link, or it is not for this conversation
     */
    public Interaction linkConversation(Interaction conversation, String link, String actor) {
        if (link == null) {
            throw new IllegalArgumentException("send {\"link\": …} from a result of GET /api/customers/search"
                    + "?interaction=" + conversation.id() + "&q=… or from the conversation's suggestion");
        }
        LinkTokens.Link granted = verified(link, conversation.id());
        return links.linkedByAgent(
                conversation.id(), granted.customerId(), null, actor, Map.of("matchedBy", granted.matchedBy()));
    }

    private LinkTokens.Link verified(String token, long interactionId) {
        return tokens.verify(token, interactionId)
                .orElseThrow(() -> new IllegalArgumentException(
                        "that link is not from a search for this contact, or it has expired; search again"));
    }
}
