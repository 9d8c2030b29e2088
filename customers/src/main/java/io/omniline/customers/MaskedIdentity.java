package io.omniline.customers;

import io.omniline.db.identity.Identity;

/**
 * A phone or address shown to someone who needs to recognise it, not to read it whole: a visitor
 * told where their code went, an agent checking a search result ("•••0134", "d•••@example.com").
 */
public final class MaskedIdentity {

    private MaskedIdentity() {}

    public static String of(Identity identity) {
        String value = identity.value();
        return switch (identity.kind()) {
            case email -> value.charAt(0) + "•••" + value.substring(value.indexOf('@'));
            default -> "•••" + value.substring(Math.max(0, value.length() - 4));
        };
    }
}
