package io.omniline.db.customer;

import java.time.OffsetDateTime;

/**
 * A note about a customer, written by {@code author} (a login); {@code authorName} is that agent's
 * display name, or the login itself for a supervisor or admin.
 */
public record CustomerNote(
        long id, long customerId, String body, String author, String authorName, OffsetDateTime createdAt) {}
