package io.omniline.db.customer;

import io.omniline.db.identity.Identity;
import java.time.OffsetDateTime;

/** An identity as attached to a customer. */
public record CustomerIdentity(
        long id, long customerId, Identity identity, boolean verified, OffsetDateTime createdAt) {}
