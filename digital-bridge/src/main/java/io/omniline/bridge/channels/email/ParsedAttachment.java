package io.omniline.bridge.channels.email;

/** An attachment as found; {@code content} is null when it was not kept and {@code droppedReason} says why. */
public record ParsedAttachment(
        String fileName, String contentType, long sizeBytes, byte[] content, String droppedReason) {}
