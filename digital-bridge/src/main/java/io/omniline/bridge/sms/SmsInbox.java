package io.omniline.bridge.sms;

import static io.omniline.db.jooq.Tables.INTERACTION;
import static io.omniline.db.jooq.Tables.MESSAGE;

import io.omniline.bridge.conversation.ConversationEvent;
import io.omniline.bridge.conversation.ConversationListener;
import io.omniline.bridge.identity.ContactDetails;
import io.omniline.bridge.identity.CustomerResolver;
import io.omniline.bridge.identity.Resolution;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.db.StorableText;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.identity.InvalidIdentityException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Direction;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.message.AttachmentRepository;
import io.omniline.db.message.InboundReceipts;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.message.NewMessage;
import io.omniline.db.sms.SmsPartRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>A text carrying characters PostgreSQL cannot store (a NUL, a broken UTF-16 pair) is stored
 * without them, with a note and the original bytes beside it; one that the database refuses
 * outright is {@linkplain #setAside set aside} as a note with its bytes. Either way the sender is
 * answered, so one bad text never blocks the ones behind it.
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
     * The bytes a text arrived as (a webhook's body, a PDU's payload), kept with it when its text
     * had to be cleaned, so nothing the sender sent is lost.
     */
    public record Original(String fileName, String contentType, byte[] bytes) {
    }

    /**
     * @param externalId the channel's id for the message, when it has one: however often and however
     *     concurrently it is delivered, it is stored once
     * @param original the text as it arrived; null when there is nothing more to keep than the text
     * @return the stored message; empty while a concatenated message still misses parts, or for a redelivery
     */
    public Optional<Message> receive(String sender, ShortMessage sms, String externalId, Map<String, Object> details,
                                     Original original) {
        StorableText.Cleaned text = StorableText.clean(sms.text());
        StorableText.Cleaned cleanSender = StorableText.clean(sender);
        StorableText.Cleaned id = StorableText.clean(externalId);
        int removed = text.changed() + cleanSender.changed() + id.changed();
        String from = canonicalSender(cleanSender.text());
        Long customerId = customerOf(from);
        Stored stored = dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            if (id.text() != null && !new InboundReceipts(tx).claim(Channel.sms, id.text())) {
                return null;
            }
            String body = text.text();
            if (sms.part().isPresent()) {
                ShortMessage.Part part = sms.part().get();
                SmsPartRepository parts = new SmsPartRepository(tx);
                if (!parts.store(from, part.reference(), part.total(), part.seq(), body)) {
                    return null;
                }
                Optional<String> whole = parts.takeComplete(from, part.reference(), part.total());
                if (whole.isEmpty()) {
                    return null;
                }
                body = whole.get();
            }
            Interaction target = currentSession(tx, from).orElseGet(() -> open(new InteractionRepository(tx), from, customerId));
            Map<String, Object> metadata = new LinkedHashMap<>(details);
            metadata.put("from", from);
            List<String> problems = new ArrayList<>();
            if (sms.problem() != null) {
                problems.add(sms.problem());
            }
            if (removed > 0) {
                problems.add(removed + " character(s) that cannot be stored (NUL, broken UTF-16) were left out");
            }
            boolean keepOriginal = !problems.isEmpty() && original != null;
            if (keepOriginal) {
                problems.add("the text as it arrived is attached");
            }
            if (!problems.isEmpty()) {
                metadata.put("problems", problems);
            }
            Message message = new MessageRepository(tx).append(new NewMessage(target.id(), AuthorKind.customer, null, body,
                    "text/plain", id.text(), null, null, metadata));
            if (keepOriginal) {
                new AttachmentRepository(tx).keep(message.id(), original.fileName(), original.contentType(), original.bytes());
            }
            return new Stored(target, message);
        });
        return announce(stored);
    }

    /**
     * Keeps a text the database would not take as it came: a note in a conversation of its own, for
     * a person to read, with the original bytes attached.
     *
     * @param reason why it could not be stored, in words
     */
    public Message setAside(Original original, String reason) {
        Stored stored = dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            InteractionRepository interactions = new InteractionRepository(tx);
            Interaction opened = interactions.open(new NewInteraction(Channel.sms, Direction.inbound, InteractionState.queued,
                    null, "sms:" + UUID.randomUUID(), null, null, Map.of("set_aside", true)));
            Interaction queued = interactions.queue(opened.id(), queueName, 0);
            Message note = new MessageRepository(tx).append(new NewMessage(queued.id(), AuthorKind.system, null,
                    "An SMS could not be stored as it came (" + reason + "); it is attached as it arrived.", "text/plain",
                    null, null, null, Map.of("problems", List.of(reason))));
            new AttachmentRepository(tx).keep(note.id(), original.fileName(), original.contentType(), original.bytes());
            return new Stored(queued, note);
        });
        return announce(stored).orElseThrow();
    }

    private Optional<Message> announce(Stored stored) {
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
        try {
            return resolver.resolve(new ContactDetails(null, from, null), Channel.sms)
                    .map(Resolution::customer).map(customer -> customer.id()).orElse(null);
        } catch (InvalidIdentityException notAPhone) {
            // A sender the carrier or provider wrote as "+…" that is no phone number: kept as it came, like
            // an alphanumeric sender, and attached to no customer.
            return null;
        }
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
