package io.omniline.customers.notes;

import io.omniline.db.customer.CustomerNote;
import io.omniline.db.customer.CustomerNoteRepository;
import java.util.List;

/**
 * What agents and supervisors write about a customer, for whoever serves them next on any channel.
 * Who may read and write them is the timeline's rule ({@code CustomerHistory}: an agent only while
 * serving the customer, whose id is the surviving one after a merge); the caller checks it. The
 * body is checked by the schema (1 to 1000 characters), so a refusal names the field.
 */
public final class CustomerNotes {

    /** The newest notes shown; a customer with more has had their story told already. */
    static final int SHOWN = 50;

    private final CustomerNoteRepository notes;

    public CustomerNotes(CustomerNoteRepository notes) {
        this.notes = notes;
    }

    /** Newest first. */
    public List<CustomerNote> of(long customerId) {
        return notes.of(customerId, SHOWN);
    }

    public CustomerNote add(long customerId, String body, String author) {
        return notes.add(customerId, body == null ? "" : body, author);
    }
}
