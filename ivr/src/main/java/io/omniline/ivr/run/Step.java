package io.omniline.ivr.run;

import java.time.Instant;

/**
 * One node visit, as stored on the interaction and shown to the agent.
 *
 * @param input digits the caller entered here ("" for a timeout), null where nothing is read
 * @param outcome the exit taken or what happened ("1", "timeout", "invalid", "open", "found"...)
 */
public record Step(int seq, String flow, String nodeId, String nodeType, String input, String outcome, Instant at) {}
