package io.omniline.db.digital;

import io.omniline.db.interaction.Channel;

/** A waiting chat, email thread or SMS session just offered to an agent. */
public record Offer(long interactionId, Channel channel, String queueName, long agentId) {}
