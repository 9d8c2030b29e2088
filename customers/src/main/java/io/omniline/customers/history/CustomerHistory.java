package io.omniline.customers.history;

import io.omniline.db.NotFoundException;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.timeline.TimelineEntry;
import io.omniline.db.timeline.TimelineQuery;
import java.util.List;

/**
 * A customer's history across every channel, newest first, a page at a time. A merged customer's
 * history is the one they were merged into. An agent may read it only while serving that
 * customer (a call or conversation in hand), which is when the history is theirs to know.
 */
public final class CustomerHistory {

    public static final int MAX_PAGE = 100;

    private final CustomerRepository customers;
    private final InteractionRepository interactions;
    private final TimelineQuery timeline;

    public CustomerHistory(CustomerRepository customers, InteractionRepository interactions, TimelineQuery timeline) {
        this.customers = customers;
        this.interactions = interactions;
        this.timeline = timeline;
    }

    /** The customer whose history this is: {@code customerId}, or whom they were merged into. */
    public long live(long customerId) {
        return customers.survivorOf(customerId).id();
    }

    public boolean isServing(long agentId, long customerId) {
        return interactions.isServing(agentId, customerId);
    }

    /**
     * @param before the interaction the previous page ended with, or null for the newest
     * @throws NotFoundException when {@code before} is no interaction
     */
    public List<TimelineEntry> page(long customerId, int size, Long before) {
        Interaction after = before == null
                ? null
                : interactions.findById(before).orElseThrow(() -> new NotFoundException("interaction", before));
        return timeline.page(customerId, Math.min(MAX_PAGE, size), after);
    }
}
