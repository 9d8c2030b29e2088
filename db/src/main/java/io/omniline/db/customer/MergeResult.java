package io.omniline.db.customer;

/** What an explicit merge moved from the absorbed customer to the surviving one. */
public record MergeResult(
        long survivorId, long absorbedId, int identitiesMoved, int interactionsMoved, int messagesMoved) {}
