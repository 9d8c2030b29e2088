package io.omniline.db.seed;

/**
 * How much synthetic history to add.
 *
 * @param customers new customers, each with a call, a chat, an email thread and an SMS session
 * @param messages chat, email and SMS messages spread over those customers (at least 3 each)
 * @param randomSeed the same seed gives the same data
 */
public record SeedPlan(int customers, long messages, long randomSeed) {

    public SeedPlan {
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be at least 1, was " + customers);
        }
        if (messages < 3L * customers) {
            throw new IllegalArgumentException("messages must be at least 3 per customer (" + 3L * customers + " for "
                    + customers + " customers), was " + messages);
        }
    }
}
