package io.omniline.bridge.channels.sms;

import io.omniline.bridge.events.ConversationListener;
import io.omniline.bridge.inbound.InboundPipeline;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.customers.resolve.CustomerResolver;
import io.omniline.db.StorableText;
import io.omniline.db.Transactions;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.identity.InvalidIdentityException;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Direction;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.Message;
import io.omniline.db.message.NewMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where every inbound SMS lands, whichever way it came (SMPP or a provider's webhook): through
 * the {@linkplain InboundPipeline inbound pipeline}, with SMS's rules in {@link SmsInbound}.
 * Everything is committed before this returns, so the caller may then acknowledge.
 *
 * <p>A text carrying characters PostgreSQL cannot store (a NUL, a broken UTF-16 pair) is stored
 * without them, with a note and the original bytes beside it; one that the database refuses
 * outright is {@linkplain #setAside set aside} as a note with its bytes. Either way the sender is
 * answered, so one bad text never blocks the ones behind it.
 */
public final class SmsInbox {

    private final Transactions transactions;
    private final IdentityNormalizer normalizer;
    private final String queueName;
    private final InboundPipeline pipeline;
    private final SmsInbound adapter;
    private final Optional<SmsSurveyReplies> surveyReplies;

    public SmsInbox(
            Transactions transactions,
            CustomerResolver resolver,
            IdentityNormalizer normalizer,
            DigitalRouter router,
            ConversationListener events,
            String queueName,
            Duration sessionWindow) {
        this(transactions, resolver, normalizer, router, events, queueName, sessionWindow, Optional.empty());
    }

    /** @param surveyReplies takes a digit answering a survey question before it could open a conversation */
    public SmsInbox(
            Transactions transactions,
            CustomerResolver resolver,
            IdentityNormalizer normalizer,
            DigitalRouter router,
            ConversationListener events,
            String queueName,
            Duration sessionWindow,
            Optional<SmsSurveyReplies> surveyReplies) {
        this.transactions = transactions;
        this.normalizer = normalizer;
        this.queueName = queueName;
        this.pipeline = new InboundPipeline(transactions, resolver, router, events);
        this.adapter = new SmsInbound(queueName, sessionWindow);
        this.surveyReplies = surveyReplies;
    }

    /**
     * The bytes a text arrived as (a webhook's body, a PDU's payload), kept with it when its text
     * had to be cleaned, so nothing the sender sent is lost.
     */
    public record Original(String fileName, String contentType, byte[] bytes) {}

    /**
     * @param externalId the channel's id for the message, when it has one: however often and however
     *     concurrently it is delivered, it is stored once
     * @param original the text as it arrived; null when there is nothing more to keep than the text
     * @return the stored message; empty while a concatenated message still misses parts, for a redelivery,
     *     or for a survey answer (stored on the surveyed conversation)
     */
    public Optional<Message> receive(
            String sender, ShortMessage sms, String externalId, Map<String, Object> details, Original original) {
        StorableText.Cleaned text = StorableText.clean(sms.text());
        StorableText.Cleaned cleanSender = StorableText.clean(sender);
        StorableText.Cleaned id = StorableText.clean(externalId);
        int removed = text.changed() + cleanSender.changed() + id.changed();
        String from = canonicalSender(cleanSender.text());
        ShortMessage cleaned = new ShortMessage(text.text(), sms.part(), sms.problem());
        if (surveyReplies.isPresent() && surveyReplies.get().take(from, cleaned, id.text())) {
            return Optional.empty();
        }
        return pipeline.receive(adapter, new SmsInbound.Text(from, cleaned, id.text(), details, removed, original));
    }

    /**
     * Keeps a text the database would not take as it came: a note in a conversation of its own, for
     * a person to read, with the original bytes attached.
     *
     * @param reason why it could not be stored, in words
     */
    public Message setAside(Original original, String reason) {
        Stored stored = transactions.call(tx -> {
            InteractionRepository interactions = tx.interactions();
            Interaction opened = interactions.open(new NewInteraction(
                    Channel.sms,
                    Direction.inbound,
                    InteractionState.queued,
                    null,
                    "sms:" + UUID.randomUUID(),
                    null,
                    null,
                    Map.of("set_aside", true)));
            Interaction queued = interactions.queue(opened.id(), queueName, 0);
            Message note = tx.messages()
                    .append(new NewMessage(
                            queued.id(),
                            AuthorKind.system,
                            null,
                            "An SMS could not be stored as it came (" + reason + "); it is attached as it arrived.",
                            "text/plain",
                            null,
                            null,
                            null,
                            Map.of("problems", List.of(reason))));
            tx.attachments().keep(note.id(), original.fileName(), original.contentType(), original.bytes());
            return new Stored(queued, note);
        });
        return pipeline.announce(stored.interaction(), stored.message(), null);
    }

    /** E.164 when the sender is a phone number; alphanumeric senders ("MyBank") are kept as they are. */
    private String canonicalSender(String sender) {
        try {
            return normalizer.phone(sender).value();
        } catch (InvalidIdentityException e) {
            return sender.strip();
        }
    }

    private record Stored(Interaction interaction, Message message) {}
}
