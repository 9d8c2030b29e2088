package io.omniline.db.message;

/**
 * A file that came with a message. Its content is null when it was not kept, and then
 * {@code droppedReason} says why (too large, unreadable), so the agent knows it existed. The file
 * name is always the safe one ({@link AttachmentName}), also for files stored before names were
 * cleaned, so no page or download ever carries the sender's folders or bidi tricks.
 */
public record Attachment(
        long id,
        long messageId,
        String fileName,
        String contentType,
        long sizeBytes,
        byte[] content,
        String droppedReason) {

    public Attachment {
        fileName = AttachmentName.of(fileName);
    }
}
