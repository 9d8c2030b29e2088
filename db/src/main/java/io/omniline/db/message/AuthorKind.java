package io.omniline.db.message;

/**
 * Who wrote a message.
 *
 * <p>The database's {@code author_kind} type; the constants are spelled as its labels, which jOOQ maps
 * by name (see {@code JooqCodeIsCurrentTest}'s forced types), so code outside db never sees the
 * generated enum.
 */
public enum AuthorKind {
    customer,
    agent,
    system,
    bot;

    /** The label as the database and the API spell it. */
    public String getLiteral() {
        return name();
    }
}
