package io.omniline.db.account;

/** A web login; {@code agentId} is set for agents (their own pops and conversations follow from it). */
public record Account(long id, String login, AccountRole role, Long agentId, boolean disabled) {}
