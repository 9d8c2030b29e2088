package io.omniline.db.interaction;

/**
 * The channel a contact came by.
 *
 * <p>The database's {@code channel} type; the constants are spelled as its labels, which jOOQ maps
 * by name (see {@code JooqCodeIsCurrentTest}'s forced types), so code outside db never sees the
 * generated enum.
 */
public enum Channel {
    voice,
    chat,
    email,
    sms;

    /** The label as the database and the API spell it. */
    public String getLiteral() {
        return name();
    }
}
