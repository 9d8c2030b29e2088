package io.omniline.bridge.sms;

import static io.omniline.db.jooq.Tables.INTERACTION;
import static io.omniline.db.jooq.Tables.MESSAGE;

import io.omniline.bridge.conversation.ConversationEvent;
import io.omniline.bridge.conversation.ConversationListener;
import io.omniline.bridge.identity.ContactDetails;
import io.omniline.bridge.identity.CustomerResolver;
import io.omniline.bridge.identity.Resolution;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.identity.InvalidIdentityException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.jooq.enums.AuthorKind;
import io.omniline.db.jooq.enums.Channel;
import io.omniline.db.jooq.enums.Direction;
import io.omniline.db.jooq.enums.InteractionState;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.message.NewMessage;
import io.omniline.db.sms.SmsPartRepository;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Where every inbound SMS lands, whichever way it came (SMPP or a provider's webhook). The
 * sender's number finds the customer; texts from one sender with no more than the inactivity
 * window between them form one session (one interaction, keyed by the sender in linked_id).
 * Parts of a long message are kept until the last arrives. Everything is committed before this
 * returns, so the caller may then acknowledge.
 */
public final class SmsInbox {

    private final DSLContext dsl;
    private final CustomerResolver resolver;
    private final IdentityNormalizer normalizer;
    private final DigitalRouter router;
    private final ConversationListener events;
    private final String queueName;
    private final Duration sessionWindow;

    public SmsInbox(DSLContext dsl, CustomerResolver resolver, IdentityNormalizer normalizer, DigitalRouter router,
                    ConversationListener events, String queueName, Duration sessionWindow) {
        this.dsl = dsl;
        this.resolver = resolver;
        this.normalizer = normalizer;
        this.router = router;
        this.events = events;
        this.queueName = queueName;
        this.sessionWindow = sessionWindow;
    }

    /**
     * @param externalId the provider's id for the message, when it has one: a redelivery is then stored once
     * @return the stored message; empty while a concatenated message still misses parts, or for a redelivery
     */
    public Optional<Message> receive(String sender, ShortMessage sms, String externalId, Map<String, Object> details) {
        String from = canonicalSender(sender);
        Long customerId = customerOf(from);
        Stored stored = dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            MessageRepository messages = new MessageRepository(tx);
            if (externalId != null && messages.findByExternalId(Channel.sms, externalId).isPresent()) {
                return null;
            }
            String text = sms.text();
            if (sms.part().isPresent()) {
                ShortMessage.Part part = sms.part().get();
                SmsPartRepository parts = new SmsPartRepository(tx);
                parts.store(from, part.reference(), part.total(), part.seq(), sms.text());
                Optional<String> whole = parts.takeComplete(from, part.reference(), part.total());
                if (whole.isEmpty()) {
                    return null;
                }
                text = whole.get();
            }
            InteractionRepository interactions = new InteractionRepository(tx);
            Optional<Interaction> session = currentSession(tx, from);
            Interaction target = session.orElseGet(() -> open(interactions, from, customerId));
            Map<String, Object> metadata = new LinkedHashMap<>(details);
            metadata.put("from", from);
            if (sms.problem() != null) {
                metadata.put("problems", java.util.List.of(sms.problem()));
            }
            Message message = messages.append(new NewMessage(target.id(), AuthorKind.customer, null, text, "text/plain",
                    externalId, null, null, metadata));
            return new Stored(target, message);
        });
        if (stored == null) {
            return Optional.empty();
        }
        events.on(new ConversationEvent.MessageStored(stored.interaction(), stored.message(), null));
        // Also for a text added to a waiting session: its row lock may have made a routing pass skip it.
        router.route();
        return Optional.of(stored.message());
    }

    /** E.164 when the sender is a phone number; alphanumeric senders ("MyBank") are kept as they are. */
    private String canonicalSender(String sender) {
        try {
            return normalizer.phone(sender).value();
        } catch (InvalidIdentityException e) {
            return sender.strip();
        }
    }

    private Long customerOf(String from) {
        if (!from.startsWith("+")) {
            return null;
        }
        return resolver.resolve(new ContactDetails(null, from, null), Channel.sms)
                .map(Resolution::customer).map(customer -> customer.id()).orElse(null);
    }

    /** The sender's open session whose last message is within the window. */
    private Optional<Interaction> currentSession(DSLContext tx, String from) {
        return tx.selectFrom(INTERACTION)
                .where(INTERACTION.CHANNEL.eq(Channel.sms)
                        .and(INTERACTION.LINKED_ID.eq(from))
                        .and(INTERACTION.STATE.in(InteractionState.queued, InteractionState.offered, InteractionState.active))
                        .and(DSL.exists(DSL.selectOne().from(MESSAGE)
                                .where(MESSAGE.INTERACTION_ID.eq(INTERACTION.ID))
                                .and(DSL.condition("{0} > now() - {1}::interval", MESSAGE.SENT_AT,
                                        DSL.val(sessionWindow.toSeconds() + " seconds"))))))
                .orderBy(INTERACTION.STARTED_AT.desc())
                .limit(1)
                .forUpdate()
                .fetchOptional(InteractionRepository::interaction);
    }

    private Interaction open(InteractionRepository interactions, String from, Long customerId) {
        Interaction opened = interactions.open(new NewInteraction(Channel.sms, Direction.inbound, InteractionState.queued,
                customerId, "sms:" + UUID.randomUUID(), from, null, Map.of()));
        return interactions.queue(opened.id(), queueName, 0);
    }

    private record Stored(Interaction interaction, Message message) {
    }
}
