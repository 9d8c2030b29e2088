package io.omniline.bridge.channels.email;

import io.omniline.bridge.inbound.InboundAdapter;
import io.omniline.bridge.inbound.InboundAttachment;
import io.omniline.bridge.inbound.InboundContent;
import io.omniline.bridge.inbound.InboundStore;
import io.omniline.bridge.inbound.NewConversation;
import io.omniline.bridge.inbound.Sender;
import io.omniline.customers.resolve.ContactDetails;
import io.omniline.db.email.MailboxCursor;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.message.MessageRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email's part of taking in a mail. The From address finds the customer; the mail's Message-ID
 * is its receipt; the mailbox cursor moves past it in the same transaction, so after a crash the
 * mail is either fully there (and the cursor past it) or not at all (and fetched again).
 *
 * <p>A mail joins an existing thread only when it comes from that thread's customer (its From is
 * one of their identities): quoting someone's Message-ID or subject token is easy, and joining
 * their thread would show the stranger's mail in it and send the agent's reply to the stranger.
 */
final class EmailInbound implements InboundAdapter<EmailInbound.Fetched> {

    /** Omniline's replies carry this in the subject; the fallback when a client drops the threading headers. */
    static final Pattern SUBJECT_TOKEN = Pattern.compile("\\[#(\\d{1,18})]");

    /** One mail, and where the mailbox cursor stands once it is stored. */
    record Fetched(MailboxCursor position, ParsedEmail mail) {}

    private final String queueName;

    EmailInbound(String queueName) {
        this.queueName = queueName;
    }

    @Override
    public Channel channel() {
        return Channel.email;
    }

    @Override
    public String queue() {
        return queueName;
    }

    @Override
    public Sender sender(Fetched fetched) {
        ParsedEmail mail = fetched.mail();
        return mail.fromAddress() == null
                ? Sender.unvouched()
                : Sender.vouched(new ContactDetails(mail.fromName(), null, mail.fromAddress()));
    }

    @Override
    public String receiptId(Fetched fetched) {
        return fetched.mail().messageId();
    }

    @Override
    public void alongside(InboundStore store, Fetched fetched) {
        store.mailboxCursors().moveTo(fetched.position());
    }

    @Override
    public Optional<InboundContent> content(InboundStore store, Fetched fetched) {
        ParsedEmail mail = fetched.mail();
        // Omniline's own replies come back when someone copies the mailbox: they are in their thread already.
        if (store.messages().findByExternalId(Channel.email, mail.messageId()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new InboundContent(
                mail.body(),
                mail.bodyType(),
                mail.messageId(),
                mail.sentAt(),
                metadata(mail),
                mail.attachments().stream().map(EmailInbound::attachment).toList()));
    }

    /**
     * The conversation this mail continues: by the ids it replies to, else by our subject token;
     * either way only a thread of the sender's own customer.
     */
    @Override
    public Optional<Interaction> thread(InboundStore store, Fetched fetched, Long customerId) {
        if (customerId == null) {
            return Optional.empty();
        }
        ParsedEmail mail = fetched.mail();
        MessageRepository messages = store.messages();
        InteractionRepository interactions = store.interactions();
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
            return interactions
                    .findById(Long.parseLong(token.group(1)))
                    .filter(found -> found.channel() == Channel.email)
                    .filter(found -> customerId.equals(found.customerId()));
        }
        return Optional.empty();
    }

    /** A new thread, or a closed thread taken up again: a new interaction linked to the thread's first one. */
    @Override
    public NewConversation open(Fetched fetched, Long customerId, Interaction earlier) {
        ParsedEmail mail = fetched.mail();
        String linkedId = earlier == null
                ? mail.messageId()
                : earlier.linkedId() != null ? earlier.linkedId() : earlier.externalId();
        Map<String, Object> metadata = earlier == null ? Map.of() : Map.of("continues_interaction", earlier.id());
        return new NewConversation(mail.messageId(), linkedId, mail.subject(), metadata);
    }

    @Override
    public String authorName(Fetched fetched) {
        return fetched.mail().fromName();
    }

    private static InboundAttachment attachment(ParsedAttachment attachment) {
        return attachment.content() == null
                ? InboundAttachment.dropped(
                        attachment.fileName(),
                        attachment.contentType(),
                        attachment.sizeBytes(),
                        attachment.droppedReason())
                : InboundAttachment.kept(attachment.fileName(), attachment.contentType(), attachment.content());
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
}
