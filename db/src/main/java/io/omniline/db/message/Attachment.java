package io.omniline.db.message;

/**
 * A file that came with a message. Its content is null when it was not kept, and then
 * {@code droppedReason} says why (too large, unreadable), so the agent knows it existed.
 */
public record Attachment(
        long id,
        long messageId,
        String fileName,
        String contentType,
        long sizeBytes,
        byte[] content,
        String droppedReason) {}
