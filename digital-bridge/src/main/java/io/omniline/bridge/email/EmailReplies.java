package io.omniline.bridge.email;

import io.omniline.bridge.desk.ReplyChannel;
import io.omniline.db.ConflictException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.jooq.enums.AuthorKind;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.message.NewMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    private final MessageRepository messages;
    private final Session session;
    private final EmailSettings settings;
    private final InternetAddress from;

    public EmailReplies(MessageRepository messages, EmailSettings settings) {
        this.messages = messages;
        this.settings = settings;
        this.session = MailSessions.smtp(settings);
        try {
            this.from = new InternetAddress(settings.address(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("the mailbox address " + settings.address() + " is not an email address", e);
        }
    }

    @Override
    public Message send(Interaction interaction, long agentId, String text) {
        List<Message> thread = messages.transcript(interaction.id());
        Message last = thread.reversed().stream()
                .filter(message -> message.authorKind() == AuthorKind.customer && message.metadata().get("from") != null)
                .findFirst()
                .orElseThrow(() -> new ConflictException("interaction " + interaction.id() + " has no address to reply to"));
        String to = last.metadata().get("from").toString();
        String subject = subject(interaction);
        List<String> references = references(last);
        String messageId = "<" + UUID.randomUUID() + "@" + from.getAddress().substring(from.getAddress().indexOf('@') + 1) + ">";

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("from", from.getAddress());
        metadata.put("to", List.of(to));
        metadata.put("subject", subject);
        metadata.put("references", references);
        Message stored = messages.append(new NewMessage(interaction.id(), AuthorKind.agent, agentId, text, "text/plain",
                messageId, "queued", null, metadata));
        try {
            Transport.send(mime(to, subject, text, messageId, last.externalId(), references), settings.smtpUsername(),
                    settings.smtpPassword());
            return messages.setDeliveryState(stored.id(), "sent");
        } catch (MessagingException e) {
            log.warn("reply {} on interaction {} could not be sent: {}", messageId, interaction.id(), e.getMessage());
            return messages.setDeliveryState(stored.id(), "failed");
        }
    }

    private MimeMessage mime(String to, String subject, String text, String messageId, String inReplyTo,
                             List<String> references) throws MessagingException {
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mime.setFrom(from);
        mime.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(to));
        mime.setSubject(subject, "UTF-8");
        mime.setText(text, "UTF-8");
        mime.setSentDate(new Date());
        mime.setHeader("In-Reply-To", inReplyTo);
        mime.setHeader("References", String.join(" ", references));
        return mime;
    }

    private static String subject(Interaction interaction) {
        String original = interaction.subject() == null ? "" : interaction.subject().strip();
        String subject = original.regionMatches(true, 0, "Re:", 0, 3) ? original : ("Re: " + original).strip();
        return EmailImporter.SUBJECT_TOKEN.matcher(subject).find() ? subject : subject + " [#" + interaction.id() + "]";
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
