package io.omniline.db.account;

/**
 * What a web account may do.
 *
 * <p>The database's {@code account_role} type; the constants are spelled as its labels, which jOOQ maps
 * by name (see {@code JooqCodeIsCurrentTest}'s forced types), so code outside db never sees the
 * generated enum.
 */
public enum AccountRole {
    agent,
    supervisor,
    admin;

    /** The label as the database and the API spell it. */
    public String getLiteral() {
        return name();
    }
}
