package io.omniline.db.interaction;

/**
 * Whether the customer or the contact center started a contact.
 *
 * <p>The database's {@code direction} type; the constants are spelled as its labels, which jOOQ maps
 * by name (see {@code JooqCodeIsCurrentTest}'s forced types), so code outside db never sees the
 * generated enum.
 */
public enum Direction {
    inbound,
    outbound;

    /** The label as the database and the API spell it. */
    public String getLiteral() {
        return name();
    }
}
