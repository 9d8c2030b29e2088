package io.omniline.bridge.channels.chat;

import io.omniline.bridge.inbound.InboundAdapter;
import io.omniline.bridge.inbound.InboundContent;
import io.omniline.bridge.inbound.InboundStore;
import io.omniline.bridge.inbound.NewConversation;
import io.omniline.bridge.inbound.Sender;
import io.omniline.db.ShownText;
import io.omniline.db.StorableText;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chat's part of taking in what a visitor wrote. The visitor is vouched for by nobody: the phone
 * and email of the pre-chat form are claims kept on the conversation, and the conversation is the
 * one the visitor's signed token names (opened by {@link ChatService#start}, never by a message).
 * A resend with the same client id (after a lost acknowledgement) hands back the stored message.
 */
final class ChatInbound implements InboundAdapter<ChatInbound.Said> {

    /** What the visitor of a conversation wrote, under the id their widget gave it. */
    record Said(ChatConversation conversation, String clientMessageId, String text) {}

    private final String queueName;

    ChatInbound(String queueName) {
        this.queueName = queueName;
    }

    @Override
    public Channel channel() {
        return Channel.chat;
    }

    @Override
    public String queue() {
        return queueName;
    }

    @Override
    public Sender sender(Said said) {
        return Sender.unvouched();
    }

    /** None: client ids are the widget's, unique only within its conversation (see the content's id). */
    @Override
    public String receiptId(Said said) {
        return null;
    }

    /**
     * Without characters PostgreSQL cannot store, controls other than line breaks and tabs, and
     * bidi overrides, left out silently as a chat always has (see {@link ShownText#message}).
     */
    @Override
    public Optional<InboundContent> content(InboundStore store, Said said) {
        return Optional.of(new InboundContent(
                ShownText.message(StorableText.clean(said.text()).text()),
                null,
                StorableText.clean(said.clientMessageId()).text(),
                null,
                Map.of(),
                List.of()));
    }

    @Override
    public Optional<Interaction> thread(InboundStore store, Said said, Long customerId) {
        return Optional.of(store.interactions()
                .findById(said.conversation().interactionId())
                .orElseThrow());
    }

    /** A chat the visitor goes on typing into after it closed takes no more messages. */
    @Override
    public NewConversation open(Said said, Long customerId, Interaction earlier) {
        throw new ChatClosedException(said.conversation().conversationId());
    }

    @Override
    public String authorName(Said said) {
        return said.conversation().visitorName();
    }
}
