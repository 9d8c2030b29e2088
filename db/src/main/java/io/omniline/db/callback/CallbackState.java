package io.omniline.db.callback;

/**
 * Where a requested callback is: waiting, ringing the agent, ringing the customer, or done.
 *
 * <p>The database's {@code callback_state} type; the constants are spelled as its labels, which jOOQ maps
 * by name (see {@code JooqCodeIsCurrentTest}'s forced types), so code outside db never sees the
 * generated enum.
 */
public enum CallbackState {
    waiting,
    calling_agent,
    calling_customer,
    completed,
    failed;

    /** The label as the database and the API spell it. */
    public String getLiteral() {
        return name();
    }
}
