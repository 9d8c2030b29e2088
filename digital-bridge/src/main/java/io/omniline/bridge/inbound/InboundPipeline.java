package io.omniline.bridge.inbound;

import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.customers.resolve.CustomerResolver;
import io.omniline.customers.resolve.Resolution;
import io.omniline.db.StorableText;
import io.omniline.db.Transactions;
import io.omniline.db.identity.InvalidIdentityException;
import io.omniline.db.interaction.Direction;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.AttachmentRepository;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.Message;
import io.omniline.db.message.NewMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in one message from any digital channel, the same way for all of them: resolve the
 * sender's customer → claim the channel's id for the message (once, atomically) → continue the
 * sender's conversation or open and queue a new one → append the message and its attachments →
 * tell the listeners → route. Everything up to the append commits in one transaction before this
 * returns, so the channel may then acknowledge; a crash before the commit leaves nothing, and the
 * redelivery is stored then.
 */
public final class InboundPipeline {

    private static final Logger log = LoggerFactory.getLogger(InboundPipeline.class);

    private final Transactions transactions;
    private final CustomerResolver resolver;
    private final DigitalRouter router;
    private final ConversationListener events;

    public InboundPipeline(
            Transactions transactions, CustomerResolver resolver, DigitalRouter router, ConversationListener events) {
        this.transactions = transactions;
        this.resolver = resolver;
        this.router = router;
        this.events = events;
    }

    /** @return the stored message; empty for a redelivery, or while the adapter has nothing to store yet */
    public <M> Optional<Message> receive(InboundAdapter<M> adapter, M message) {
        Long customerId = customerOf(adapter, message);
        Stored stored = transactions.call(tx -> {
            InboundStore store = new InboundStore(tx);
            adapter.alongside(store, message);
            String receiptId = StorableText.clean(adapter.receiptId(message)).text();
            if (receiptId != null && !store.receipts().claim(adapter.channel(), receiptId)) {
                return null;
            }
            Optional<InboundContent> content = adapter.content(store, message);
            if (content.isEmpty()) {
                return null;
            }
            Optional<Interaction> thread = adapter.thread(store, message, customerId);
            Interaction target = thread.filter(InboundPipeline::stillOpen)
                    .orElseGet(() -> open(store.interactions(), adapter, message, customerId, thread.orElse(null)));
            return new Stored(target, append(store, target, content.get()));
        });
        return announce(stored, adapter.authorName(message));
    }

    /**
     * Tells the listeners about a message stored outside {@link #receive} (an SMS set aside as a
     * note) and routes.
     */
    public Message announce(Interaction interaction, Message message, String authorName) {
        return announce(new Stored(interaction, message), authorName).orElseThrow();
    }

    private Optional<Message> announce(Stored stored, String authorName) {
        if (stored == null) {
            return Optional.empty();
        }
        events.on(new ConversationEvent.MessageStored(stored.interaction(), stored.message(), authorName));
        // Also for a message added to a waiting conversation: its row lock may have made a routing pass skip it.
        router.route();
        return Optional.of(stored.message());
    }

    private <M> Long customerOf(InboundAdapter<M> adapter, M message) {
        if (!(adapter.sender(message) instanceof Sender.Vouched(var details))) {
            return null;
        }
        try {
            return resolver.resolve(details, adapter.channel())
                    .map(Resolution::customer)
                    .map(customer -> customer.id())
                    .orElse(null);
        } catch (InvalidIdentityException e) {
            log.info(
                    "{} message {} comes from an address that is none; stored without a customer",
                    adapter.channel(),
                    adapter.receiptId(message));
            return null;
        }
    }

    private static boolean stillOpen(Interaction interaction) {
        return interaction.state() == InteractionState.queued
                || interaction.state() == InteractionState.offered
                || interaction.state() == InteractionState.active;
    }

    private static <M> Interaction open(
            InteractionRepository interactions,
            InboundAdapter<M> adapter,
            M message,
            Long customerId,
            Interaction earlier) {
        NewConversation conversation = adapter.open(message, customerId, earlier);
        Interaction opened = interactions.open(new NewInteraction(
                adapter.channel(),
                Direction.inbound,
                InteractionState.queued,
                customerId,
                conversation.externalId(),
                conversation.linkedId(),
                conversation.subject(),
                conversation.metadata()));
        return interactions.queue(opened.id(), adapter.queue(), 0);
    }

    /** The body without what PostgreSQL cannot store (a NUL, a broken UTF-16 pair), noted among its problems. */
    private static Message append(InboundStore store, Interaction target, InboundContent content) {
        StorableText.Cleaned body = StorableText.clean(content.body());
        Map<String, Object> metadata = content.metadata();
        if (body.changed() > 0) {
            metadata = new LinkedHashMap<>(metadata);
            List<Object> problems =
                    new ArrayList<>(metadata.get("problems") instanceof List<?> earlier ? earlier : List.of());
            problems.add(InboundContent.charactersLeftOut(body.changed()));
            metadata.put("problems", problems);
        }
        Message stored = store.messages()
                .append(new NewMessage(
                        target.id(),
                        AuthorKind.customer,
                        null,
                        body.text(),
                        content.contentType(),
                        StorableText.clean(content.externalId()).text(),
                        null,
                        content.sentAt(),
                        metadata));
        AttachmentRepository attachments = store.attachments();
        for (InboundAttachment attachment : content.attachments()) {
            if (attachment.isKept()) {
                attachments.keep(stored.id(), attachment.fileName(), attachment.contentType(), attachment.content());
            } else {
                attachments.recordDropped(
                        stored.id(),
                        attachment.fileName(),
                        attachment.contentType(),
                        attachment.sizeBytes(),
                        attachment.droppedReason());
            }
        }
        return stored;
    }

    private record Stored(Interaction interaction, Message message) {}
}
