package io.omniline.bridge.inbound;

import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import java.util.Optional;

/**
 * What only one channel knows about taking in a message; {@link InboundPipeline} does the rest
 * the same way for every channel (customer, once-only storage, conversation, event, routing).
 * A new channel is a folder under {@code channels/} with its edge (the protocol) and one of these.
 *
 * <p>Messages reach the adapter already within the channel's size caps: the edge enforces them,
 * because a refusal is answered in the channel's own protocol (a WebSocket close, an error frame,
 * an HTTP 400, an attachment recorded as dropped).
 *
 * @param <M> the channel's message as its edge parsed it
 */
public interface InboundAdapter<M> {

    Channel channel();

    /** The queue a conversation this channel opens waits in. */
    String queue();

    /**
     * Who sent it. Only an address the channel vouches for (an email From, an SMS sender) finds a
     * customer; what a visitor typed into a form is a claim and never does.
     */
    Sender sender(M message);

    /**
     * The channel's own id for the message (a Message-ID, an SMSC's id): however often and however
     * concurrently it is delivered, it is stored once. Null when the channel has none.
     */
    String receiptId(M message);

    /**
     * Work that commits in the storing transaction whether or not the message is new (a mailbox
     * cursor moving past it).
     */
    default void alongside(InboundStore store, M message) {}

    /**
     * What to store; empty when there is nothing to store yet (a part of a longer SMS whose other
     * parts are missing) or at all (our own mail coming back). Called once the receipt is claimed.
     */
    Optional<InboundContent> content(InboundStore store, M message);

    /**
     * The conversation the message continues, open or closed, or empty for none. The channel's
     * threading rule lives here, and it must only ever find a conversation of the same sender:
     * quoting someone else's thread must not show a stranger's words in it.
     *
     * @param customerId the customer the sender resolved to; null when none
     */
    Optional<Interaction> thread(InboundStore store, M message, Long customerId);

    /**
     * The conversation to open when the message continues none that is still open.
     *
     * @param earlier the closed conversation it takes up again; null when it continues none
     */
    NewConversation open(M message, Long customerId, Interaction earlier);

    /** The name the sender goes by, for the agent's page; null when the channel gives none. */
    default String authorName(M message) {
        return null;
    }
}
