package io.omniline.customers.notes;

import io.omniline.db.customer.CustomerNote;
import io.omniline.db.customer.CustomerNoteRepository;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.interaction.InteractionRepository;
import java.util.List;

/**
 * What agents and supervisors write about a customer, for whoever serves them next on any channel.
 * A merged customer's notes are the ones of the customer they were merged into. An agent reads and
 * writes them only while serving that customer (the same rule as the timeline); the caller of
 * {@link #isServing} enforces it. The body is checked by the schema (1 to 1000 characters), so a
 * refusal names the field.
 */
public final class CustomerNotes {

    /** The newest notes shown; a customer with more has had their story told already. */
    static final int SHOWN = 50;

    private final CustomerRepository customers;
    private final InteractionRepository interactions;
    private final CustomerNoteRepository notes;

    public CustomerNotes(
            CustomerRepository customers, InteractionRepository interactions, CustomerNoteRepository notes) {
        this.customers = customers;
        this.interactions = interactions;
        this.notes = notes;
    }

    /** The customer whose notes these are: {@code customerId}, or whom they were merged into. */
    public long live(long customerId) {
        return customers.survivorOf(customerId).id();
    }

    public boolean isServing(long agentId, long customerId) {
        return interactions.isServing(agentId, customerId);
    }

    /** Newest first. */
    public List<CustomerNote> of(long customerId) {
        return notes.of(customerId, SHOWN);
    }

    public CustomerNote add(long customerId, String body, String author) {
        return notes.add(customerId, body == null ? "" : body, author);
    }
}
