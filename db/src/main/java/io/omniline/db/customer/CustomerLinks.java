package io.omniline.db.customer;

import static io.omniline.db.jooq.Tables.INTERACTION;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.identity.Identity;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * How an interaction comes to belong to a known customer, and so opens that customer's history to
 * the agent serving it. Only two ways: the contact proved an identity (a one-time code came back
 * from the phone or address they claimed), or an agent checked and linked it. Each is one
 * transaction with its audit row. A chat visitor who was anonymous brings their own earlier chats
 * along (their record is merged into the customer); a contact who is someone already is never
 * merged here, since merging two known customers is a supervisor's decision.
 */
public final class CustomerLinks {

    /** Who the audit names when the contact proved an identity themselves. */
    public static final String CONTACT = "contact (one-time code)";

    private final DSLContext dsl;

    public CustomerLinks(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The contact proved {@code proved}: the interaction joins its owner, or the identity becomes
     * the contact's own (verified) when nobody has it yet.
     *
     * @param metadata entries to record on the interaction with it (which claims are proved now)
     */
    public Interaction proved(long interactionId, Identity proved, Map<String, ?> metadata) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            CustomerRepository customers = new CustomerRepository(tx);
            InteractionRepository interactions = new InteractionRepository(tx);
            Interaction interaction = lock(tx, interactionId);
            Long current = interaction.customerId();
            Customer owner = customers.findByIdentity(proved).orElse(null);
            long joined;
            if (owner == null && current == null) {
                joined = customers.create(null, Map.of(), List.of(proved)).id();
                interactions.assignCustomer(interactionId, joined);
            } else if (owner == null) {
                joined = customers.attachIdentity(current, proved).customerId();
            } else if (current == null
                    || owner.id() == current
                    || customers.identities(current).isEmpty()) {
                joined = join(
                        customers,
                        interactions,
                        interaction,
                        owner.id(),
                        CONTACT,
                        "proved " + proved + " with a one-time code");
            } else {
                new IdentityReviewRepository(tx)
                        .flag(
                                current,
                                owner.id(),
                                proved,
                                interaction.channel(),
                                "a contact of customer " + current + " proved an identity of customer " + owner.id());
                joined = interactions.assignCustomer(interactionId, owner.id()).customerId();
            }
            customers.markVerified(proved);
            Map<String, Object> recorded = new LinkedHashMap<>(metadata);
            recorded.put(
                    InteractionRepository.IDENTIFIED_BY,
                    "a one-time code sent to the " + proved.kind().getLiteral() + " they gave");
            interactions.putMetadata(interactionId, recorded);
            AuditLog.write(
                    tx,
                    CONTACT,
                    "interaction.customer.proved",
                    "interaction",
                    interactionId,
                    details(proved, joined, current));
            return interactions.findById(interactionId).orElseThrow();
        });
    }

    /**
     * An agent checked who the contact is and links the interaction to {@code customerId}.
     *
     * @param vouched an identity the channel vouches for that the customer gains with the link (an
     *     unknown caller's number, as the network presented it); null for none
     * @param found how the agent found the customer (their search), for the audit
     * @throws ConflictException when the interaction already belongs to a customer with identities of their own
     */
    public Interaction linkedByAgent(
            long interactionId, long customerId, Identity vouched, String actor, Map<String, ?> found) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            CustomerRepository customers = new CustomerRepository(tx);
            InteractionRepository interactions = new InteractionRepository(tx);
            Interaction interaction = lock(tx, interactionId);
            long target = customers.survivorOf(customerId).id();
            Long current = interaction.customerId();
            if (current != null
                    && current != target
                    && !customers.identities(current).isEmpty()) {
                throw new ConflictException("interaction " + interactionId + " belongs to customer " + current
                        + ", who has contact details of their own; a supervisor merges customers");
            }
            if (vouched != null) {
                customers.attachIdentity(target, vouched);
            }
            join(customers, interactions, interaction, target, actor, "linked by an agent after checking");
            interactions.putMetadata(
                    interactionId, Map.of(InteractionRepository.IDENTIFIED_BY, "agent " + actor + ", after checking"));
            Map<String, Object> details = new LinkedHashMap<>(found);
            details.put("customer", target);
            if (current != null) {
                details.put("previous", current);
            }
            AuditLog.write(tx, actor, "interaction.customer.linked", "interaction", interactionId, details);
            return interactions.findById(interactionId).orElseThrow();
        });
    }

    /**
     * An agent makes a new customer of a contact nobody knew (an unknown caller), with the identity
     * the channel vouches for.
     *
     * @throws ConflictException when the interaction belongs to a customer already
     */
    public Interaction newCustomer(long interactionId, String name, Identity vouched, String actor) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            InteractionRepository interactions = new InteractionRepository(tx);
            Interaction interaction = lock(tx, interactionId);
            if (interaction.customerId() != null) {
                throw new ConflictException(
                        "interaction " + interactionId + " already belongs to customer " + interaction.customerId());
            }
            long created = new CustomerRepository(tx)
                    .create(name, Map.of(), List.of(vouched))
                    .id();
            interactions.assignCustomer(interactionId, created);
            interactions.putMetadata(
                    interactionId,
                    Map.of(InteractionRepository.IDENTIFIED_BY, "agent " + actor + ", who made the customer"));
            AuditLog.write(
                    tx,
                    actor,
                    "interaction.customer.created",
                    "interaction",
                    interactionId,
                    details(vouched, created, null));
            return interactions.findById(interactionId).orElseThrow();
        });
    }

    /** Moves the interaction (and an anonymous contact's whole record) to the customer. */
    private static long join(
            CustomerRepository customers,
            InteractionRepository interactions,
            Interaction interaction,
            long target,
            String actor,
            String reason) {
        Long current = interaction.customerId();
        if (current == null) {
            interactions.assignCustomer(interaction.id(), target);
        } else if (current != target) {
            customers.merge(target, current, actor, reason);
        }
        return target;
    }

    private static Interaction lock(DSLContext tx, long interactionId) {
        return tx.selectFrom(INTERACTION)
                .where(INTERACTION.ID.eq(interactionId))
                .forUpdate()
                .fetchOptional(InteractionRepository::interaction)
                .orElseThrow(() -> new NotFoundException("interaction", interactionId));
    }

    private static Map<String, Object> details(Identity proved, long customer, Long previous) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", proved.kind().getLiteral());
        details.put("value", proved.value());
        details.put("customer", customer);
        if (previous != null) {
            details.put("previous", previous);
        }
        return details;
    }
}
