package io.omniline.bridge.channels.email;

import io.omniline.bridge.conversations.ReplyChannel;
import io.omniline.db.ConflictException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.message.NewMessage;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an email thread over SMTP. The reply is threaded the way mail clients expect
 * (In-Reply-To the customer's last mail, References the whole chain, "Re:" subject) and carries
 * the interaction's token in the subject for clients that drop those headers. It is stored as
 * queued before it is sent and marked sent or failed after, so an SMTP outage loses no reply.
 */
public final class EmailReplies implements ReplyChannel {

    private static final Logger log = LoggerFactory.getLogger(EmailReplies.class);
    /** Mail servers cap header length; the oldest references go first, the root always stays. */
    private static final int MAX_REFERENCES = 20;
    /** A reply is written by hand in the desk: this is far past any, and keeps a pasted log out of the transcript. */
    static final int MAX_CHARS = 100_000;

    private final MessageRepository messages;
    private final SmtpMailer mailer;

    public EmailReplies(MessageRepository messages, SmtpMailer mailer) {
        this.messages = messages;
        this.mailer = mailer;
    }

    @Override
    public int maxChars() {
        return MAX_CHARS;
    }

    @Override
    public Message send(Interaction interaction, long agentId, String text) {
        Message last = lastFromCustomer(messages.transcript(interaction.id()))
                .orElseThrow(
                        () -> new ConflictException("interaction " + interaction.id() + " has no address to reply to"));
        String to = last.metadata().get("from").toString();
        String subject = subject(interaction);
        List<String> references = references(last);
        String messageId = mailer.newMessageId();

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("from", mailer.fromAddress());
        metadata.put("to", List.of(to));
        metadata.put("subject", subject);
        metadata.put("references", references);
        Message stored = messages.append(new NewMessage(
                interaction.id(), AuthorKind.agent, agentId, text, "text/plain", messageId, "queued", null, metadata));
        try {
            mailer.send(
                    to,
                    subject,
                    text,
                    messageId,
                    Map.of("In-Reply-To", last.externalId(), "References", String.join(" ", references)));
            return messages.setDeliveryState(stored.id(), "sent");
        } catch (MessagingException e) {
            log.warn("reply {} on interaction {} could not be sent: {}", messageId, interaction.id(), e.getMessage());
            return messages.setDeliveryState(stored.id(), "failed");
        }
    }

    /** The customer's latest mail in the thread, the one an answer goes to and threads under. */
    static Optional<Message> lastFromCustomer(List<Message> thread) {
        return thread.reversed().stream()
                .filter(message -> message.authorKind() == AuthorKind.customer
                        && message.metadata().get("from") != null)
                .findFirst();
    }

    static String subject(Interaction interaction) {
        String original =
                interaction.subject() == null ? "" : interaction.subject().strip();
        String subject = original.regionMatches(true, 0, "Re:", 0, 3) ? original : ("Re: " + original).strip();
        return EmailInbound.SUBJECT_TOKEN.matcher(subject).find() ? subject : subject + " [#" + interaction.id() + "]";
    }

    private static List<String> references(Message last) {
        List<String> chain = new ArrayList<>();
        if (last.metadata().get("references") instanceof List<?> earlier) {
            earlier.forEach(id -> chain.add(id.toString()));
        }
        chain.add(last.externalId());
        if (chain.size() > MAX_REFERENCES) {
            List<String> kept = new ArrayList<>();
            kept.add(chain.getFirst());
            kept.addAll(chain.subList(chain.size() - MAX_REFERENCES + 1, chain.size()));
            return kept;
        }
        return chain;
    }
}
