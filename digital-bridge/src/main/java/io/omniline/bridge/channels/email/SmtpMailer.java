package io.omniline.bridge.channels.email;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Plain-text mail from the support mailbox's address over SMTP: agents' replies, one-time codes, rating links and mailed reports. */
public final class SmtpMailer {

    private final EmailSettings settings;
    private final Session session;
    private final InternetAddress from;

    public SmtpMailer(EmailSettings settings) {
        this.settings = settings;
        this.session = MailSessions.smtp(settings);
        try {
            this.from = new InternetAddress(settings.address(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(
                    "the mailbox address " + settings.address() + " is not an email address", e);
        }
    }

    public String fromAddress() {
        return from.getAddress();
    }

    /** A fresh Message-ID in the mailbox's own domain. */
    public String newMessageId() {
        return "<" + UUID.randomUUID() + "@"
                + from.getAddress().substring(from.getAddress().indexOf('@') + 1) + ">";
    }

    /** @param headers further headers (threading); their values must already be header-safe */
    public void send(String to, String subject, String text, String messageId, Map<String, String> headers)
            throws MessagingException {
        MimeMessage mime = message(to, subject, messageId);
        mime.setText(text, "UTF-8");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            mime.setHeader(header.getKey(), header.getValue());
        }
        Transport.send(mime, settings.smtpUsername(), settings.smtpPassword());
    }

    /**
     * A text with files attached (a report's CSVs).
     *
     * @throws MailNotSentException when SMTP would not take it
     */
    public void sendWithAttachments(String to, String subject, String text, List<Attachment> attachments)
            throws MailNotSentException {
        try {
            MimeMessage mime = message(to, subject, newMessageId());
            MimeMultipart parts = new MimeMultipart();
            MimeBodyPart body = new MimeBodyPart();
            body.setText(text, "UTF-8");
            parts.addBodyPart(body);
            for (Attachment attachment : attachments) {
                MimeBodyPart file = new MimeBodyPart();
                file.setDataHandler(
                        new DataHandler(new ByteArrayDataSource(attachment.content(), attachment.contentType())));
                file.setFileName(attachment.fileName());
                parts.addBodyPart(file);
            }
            mime.setContent(parts);
            Transport.send(mime, settings.smtpUsername(), settings.smtpPassword());
        } catch (MessagingException e) {
            throw new MailNotSentException(to, e);
        }
    }

    /** Whether {@code text} is one email address SMTP would take (strict RFC 822 syntax). */
    public static boolean isAddress(String text) {
        try {
            new InternetAddress(text, true);
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    public record Attachment(String fileName, String contentType, byte[] content) {}

    private MimeMessage message(String to, String subject, String messageId) throws MessagingException {
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mime.setFrom(from);
        mime.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(to));
        mime.setSubject(subject, "UTF-8");
        mime.setSentDate(new Date());
        return mime;
    }
}
