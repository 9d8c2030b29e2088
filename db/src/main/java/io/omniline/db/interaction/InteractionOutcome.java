package io.omniline.db.interaction;

/**
 * How an interaction ended.
 *
 * <p>The database's {@code interaction_outcome} type; the constants are spelled as its labels, which jOOQ maps
 * by name (see {@code JooqCodeIsCurrentTest}'s forced types), so code outside db never sees the
 * generated enum.
 */
public enum InteractionOutcome {
    completed,
    abandoned_in_ivr,
    abandoned_in_queue,
    transferred,
    voicemail,
    callback_requested,
    hung_up_by_ivr,
    failed,
    queue_timeout,
    ended_unobserved,
    callback_completed,
    callback_failed;

    /** The label as the database and the API spell it. */
    public String getLiteral() {
        return name();
    }
}
