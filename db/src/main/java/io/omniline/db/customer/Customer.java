package io.omniline.db.customer;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A person Omniline serves. {@code mergedInto} is set on a record that was merged into another:
 * such a record keeps no identities or interactions of its own.
 */
public record Customer(
        long id, String displayName, Map<String, Object> attributes, OffsetDateTime createdAt, Long mergedInto) {

    public boolean isMerged() {
        return mergedInto != null;
    }
}
