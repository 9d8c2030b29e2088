package io.omniline.bench.mainflow;

/**
 * A call as the dialplan sees it after AGI() returns.
 *
 * @param queue the OMNILINE_QUEUE the IVR set, null when it set none
 * @param interactionId the OMNILINE_INTERACTION_ID it set, -1 when none
 */
public record PlacedCall(Caller caller, boolean completed, String queue, long interactionId) {}
