package io.omniline.db.customer;

import io.omniline.db.identity.Identity;
import io.omniline.db.interaction.Channel;
import java.time.OffsetDateTime;

/** Two customers one contact's details point at, waiting for a person to merge them or not. */
public record IdentityReview(
        long id,
        long customerId,
        long otherCustomerId,
        Identity identity,
        Channel channel,
        String reason,
        OffsetDateTime createdAt,
        OffsetDateTime resolvedAt,
        String resolvedBy) {}
