package io.omniline.bridge.conversations;

import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.db.NotFoundException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.message.Attachment;
import io.omniline.db.message.AttachmentRepository;

/**
 * The agent's digital work as the desktop asks for it: signing in for chats, emails and SMS with
 * a capacity (three at once unless they say), and a conversation to read with its attachments.
 * Agents read only what they hold; supervisors and admins read any conversation.
 */
public final class DigitalWork {

    static final int DEFAULT_CAPACITY = 3;

    private final DigitalRouter router;
    private final InteractionRepository interactions;
    private final AttachmentRepository attachments;

    public DigitalWork(DigitalRouter router, InteractionRepository interactions, AttachmentRepository attachments) {
        this.router = router;
        this.interactions = interactions;
        this.attachments = attachments;
    }

    /** @return the capacity the agent works with now */
    public int signIn(long agentId, Integer capacity) {
        int chosen = capacity == null ? DEFAULT_CAPACITY : capacity;
        router.signIn(agentId, chosen);
        return chosen;
    }

    public void signOut(long agentId) {
        router.signOut(agentId);
    }

    /** @throws NotFoundException when there is no such conversation */
    public Interaction conversation(long interactionId) {
        return interactions
                .findById(interactionId)
                .orElseThrow(() -> new NotFoundException("interaction", interactionId));
    }

    /** Whether an agent may read the conversation: only while they hold it. */
    public boolean isHeldBy(Interaction conversation, long agentId) {
        return Long.valueOf(agentId).equals(conversation.agentId());
    }

    /** @throws NotFoundException when the conversation has no such attachment, or it was not kept */
    public Attachment attachment(Interaction conversation, long attachmentId) {
        return attachments
                .find(conversation.id(), attachmentId)
                .filter(attachment -> attachment.content() != null)
                .orElseThrow(() -> new NotFoundException("attachment", attachmentId));
    }
}
