package io.omniline.bridge.email;

import io.omniline.bridge.conversation.ConversationEvent;
import io.omniline.bridge.conversation.ConversationListener;
import io.omniline.bridge.identity.ContactDetails;
import io.omniline.bridge.identity.CustomerResolver;
import io.omniline.bridge.identity.Resolution;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.db.Repositories;
import io.omniline.db.Transactions;
import io.omniline.db.email.MailboxCursor;
import io.omniline.db.identity.InvalidIdentityException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Direction;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.message.AttachmentRepository;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.message.NewMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one fetched mail on the right customer and thread. The message, its attachments and
 * the mailbox cursor move in one transaction, so after a crash the mail is either fully there
 * (and the cursor past it) or not at all (and fetched again). A mail already taken in under its
 * Message-ID is skipped, also when two nodes read the same mail at once, which also covers a
 * mailbox whose UIDVALIDITY changed.
 *
 * <p>A mail joins an existing thread only when it comes from that thread's customer (its From is
 * one of their identities): quoting someone's Message-ID or subject token is easy, and joining
 * their thread would show the stranger's mail in it and send the agent's reply to the stranger.
 */
public final class EmailImporter {

    private static final Logger log = LoggerFactory.getLogger(EmailImporter.class);
    /** Omniline's replies carry this in the subject; the fallback when a client drops the threading headers. */
    static final Pattern SUBJECT_TOKEN = Pattern.compile("\\[#(\\d{1,18})]");

    private final Transactions transactions;
    private final CustomerResolver resolver;
    private final DigitalRouter router;
    private final ConversationListener events;
    private final String queueName;

    public EmailImporter(Transactions transactions, CustomerResolver resolver, DigitalRouter router, ConversationListener events,
                         String queueName) {
        this.transactions = transactions;
        this.resolver = resolver;
        this.router = router;
        this.events = events;
        this.queueName = queueName;
    }

    /** @return the stored message, or empty when this Message-ID was imported before */
    public Optional<Message> importMail(MailboxCursor position, ParsedEmail mail) {
        Long customerId = customerOf(mail);
        Imported imported = transactions.call(tx -> {
            MessageRepository messages = tx.messages();
            tx.mailboxCursors().moveTo(position);
            // Omniline's own replies come back when someone copies the mailbox: they are in their thread already.
            if (!tx.inboundReceipts().claim(Channel.email, mail.messageId())
                    || messages.findByExternalId(Channel.email, mail.messageId()).isPresent()) {
                return null;
            }
            InteractionRepository interactions = tx.interactions();
            Optional<Interaction> thread = thread(tx, mail, customerId);
            Interaction target = thread.filter(EmailImporter::stillOpen)
                    .orElseGet(() -> open(interactions, mail, customerId, thread.orElse(null)));
            Message stored = messages.append(new NewMessage(target.id(), AuthorKind.customer, null, mail.body(),
                    mail.bodyType(), mail.messageId(), null, mail.sentAt(), metadata(mail)));
            AttachmentRepository attachments = tx.attachments();
            for (ParsedAttachment attachment : mail.attachments()) {
                if (attachment.content() == null) {
                    attachments.recordDropped(stored.id(), attachment.fileName(), attachment.contentType(),
                            attachment.sizeBytes(), attachment.droppedReason());
                } else {
                    attachments.keep(stored.id(), attachment.fileName(), attachment.contentType(), attachment.content());
                }
            }
            return new Imported(target, stored);
        });
        if (imported == null) {
            return Optional.empty();
        }
        events.on(new ConversationEvent.MessageStored(imported.interaction(), imported.message(), mail.fromName()));
        // Also for a mail added to a waiting thread: its row lock may have made a routing pass skip it.
        router.route();
        return Optional.of(imported.message());
    }

    private Long customerOf(ParsedEmail mail) {
        if (mail.fromAddress() == null) {
            return null;
        }
        try {
            return resolver.resolve(new ContactDetails(mail.fromName(), null, mail.fromAddress()), Channel.email)
                    .map(Resolution::customer).map(customer -> customer.id()).orElse(null);
        } catch (InvalidIdentityException e) {
            log.info("mail {} has a From address that is not an email address; stored without a customer", mail.messageId());
            return null;
        }
    }

    /**
     * The conversation this mail continues: by the ids it replies to, else by our subject token;
     * either way only a thread of the sender's own customer.
     */
    private static Optional<Interaction> thread(Repositories tx, ParsedEmail mail, Long customerId) {
        if (customerId == null) {
            return Optional.empty();
        }
        MessageRepository messages = tx.messages();
        InteractionRepository interactions = tx.interactions();
        for (String ancestor : mail.ancestors()) {
            Optional<Interaction> thread = messages.findByExternalId(Channel.email, ancestor)
                    .flatMap(earlier -> interactions.findById(earlier.interactionId()))
                    .filter(found -> customerId.equals(found.customerId()));
            if (thread.isPresent()) {
                return thread;
            }
        }
        Matcher token = SUBJECT_TOKEN.matcher(mail.subject() == null ? "" : mail.subject());
        if (token.find()) {
            return interactions.findById(Long.parseLong(token.group(1)))
                    .filter(found -> found.channel() == Channel.email)
                    .filter(found -> customerId.equals(found.customerId()));
        }
        return Optional.empty();
    }

    private static boolean stillOpen(Interaction interaction) {
        return interaction.state() == InteractionState.queued || interaction.state() == InteractionState.offered
                || interaction.state() == InteractionState.active;
    }

    /** A new thread, or a closed thread taken up again: a new interaction linked to the thread's first one. */
    private Interaction open(InteractionRepository interactions, ParsedEmail mail, Long customerId, Interaction earlier) {
        String linkedId = earlier == null ? mail.messageId()
                : earlier.linkedId() != null ? earlier.linkedId() : earlier.externalId();
        Map<String, Object> metadata = earlier == null ? Map.of() : Map.of("continues_interaction", earlier.id());
        Interaction opened = interactions.open(new NewInteraction(Channel.email, Direction.inbound, InteractionState.queued,
                customerId, mail.messageId(), linkedId, mail.subject(), metadata));
        return interactions.queue(opened.id(), queueName, 0);
    }

    private static Map<String, Object> metadata(ParsedEmail mail) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        putPresent(metadata, "from", mail.fromAddress());
        putPresent(metadata, "from_name", mail.fromName());
        putPresent(metadata, "subject", mail.subject());
        metadata.put("to", mail.to());
        metadata.put("references", mail.ancestors().reversed());
        if (!mail.problems().isEmpty()) {
            metadata.put("problems", mail.problems());
        }
        return metadata;
    }

    private static void putPresent(Map<String, Object> metadata, String key, String value) {
        if (value != null) {
            metadata.put(key, value);
        }
    }

    private record Imported(Interaction interaction, Message message) {
    }
}
