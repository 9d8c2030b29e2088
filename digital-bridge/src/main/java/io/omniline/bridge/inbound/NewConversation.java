package io.omniline.bridge.inbound;

import java.util.Map;

/**
 * The channel's part of a conversation an inbound message opens; the pipeline opens it inbound,
 * on the sender's customer, and queues it.
 *
 * @param externalId the conversation's id in its channel (unique per channel)
 * @param linkedId what ties it to earlier conversations: an email thread's first Message-ID, an SMS sender
 * @param subject shown in the agent's list; null when the channel has none
 */
public record NewConversation(String externalId, String linkedId, String subject, Map<String, Object> metadata) {}
