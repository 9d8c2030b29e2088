package io.omniline.db.seed;

import java.time.Duration;

/** What a seed run wrote and how long it took. */
public record SeedSummary(
        long customers,
        long identities,
        long interactions,
        long ivrSteps,
        long messages,
        long surveys,
        long agentStates,
        Duration elapsed) {}
