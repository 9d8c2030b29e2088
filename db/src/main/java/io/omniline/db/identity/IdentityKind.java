package io.omniline.db.identity;

/**
 * The kind of a customer's identity.
 *
 * <p>The database's {@code identity_kind} type; the constants are spelled as its labels, which jOOQ maps
 * by name (see {@code JooqCodeIsCurrentTest}'s forced types), so code outside db never sees the
 * generated enum.
 */
public enum IdentityKind {
    phone,
    email,
    account;

    /** The label as the database and the API spell it. */
    public String getLiteral() {
        return name();
    }

    /** The constant for a label, or null when there is none. */
    public static IdentityKind lookupLiteral(String literal) {
        for (IdentityKind value : values()) {
            if (value.name().equals(literal)) {
                return value;
            }
        }
        return null;
    }
}
