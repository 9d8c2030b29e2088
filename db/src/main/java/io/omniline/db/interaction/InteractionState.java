package io.omniline.db.interaction;

/**
 * Where an interaction is in its life; the database allows only the moves listed in {@code interaction_transition}.
 *
 * <p>The database's {@code interaction_state} type; the constants are spelled as its labels, which jOOQ maps
 * by name (see {@code JooqCodeIsCurrentTest}'s forced types), so code outside db never sees the
 * generated enum.
 */
public enum InteractionState {
    ivr,
    queued,
    offered,
    active,
    wrap_up,
    ended;

    /** The label as the database and the API spell it. */
    public String getLiteral() {
        return name();
    }
}
