package io.omniline.db.identity;

import java.util.Objects;

/**
 * A normalized way to reach a customer: an E.164 phone number or a canonical email address.
 * Only {@link IdentityNormalizer} makes these, so a value here is always in stored form.
 */
public record Identity(IdentityKind kind, String value) {

    public Identity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return kind.getLiteral() + ":" + value;
    }
}
