package io.omniline.bridge.inbound;

/**
 * A file that came with an inbound message: kept with its bytes, or recorded as dropped (too big,
 * unreadable) with its size and the reason, so the agent knows it existed.
 */
public record InboundAttachment(
        String fileName, String contentType, long sizeBytes, byte[] content, String droppedReason) {

    public static InboundAttachment kept(String fileName, String contentType, byte[] content) {
        return new InboundAttachment(fileName, contentType, content.length, content, null);
    }

    public static InboundAttachment dropped(String fileName, String contentType, long sizeBytes, String reason) {
        return new InboundAttachment(fileName, contentType, sizeBytes, null, reason);
    }

    public boolean isKept() {
        return content != null;
    }
}
