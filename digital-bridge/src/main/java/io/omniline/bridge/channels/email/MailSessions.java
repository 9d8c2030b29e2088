package io.omniline.bridge.channels.email;

import jakarta.mail.Session;
import java.util.Properties;

/** Jakarta Mail sessions with timeouts set: without them a dead server blocks a read forever. */
final class MailSessions {

    private static final String TIMEOUT_MILLIS = "30000";

    private MailSessions() {}

    static Session imap(EmailSettings settings) {
        Properties properties = new Properties();
        String protocol = settings.imapTls() ? "imaps" : "imap";
        properties.put("mail.store.protocol", protocol);
        properties.put("mail." + protocol + ".host", settings.imapHost());
        properties.put("mail." + protocol + ".port", String.valueOf(settings.imapPort()));
        properties.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MILLIS);
        properties.put("mail." + protocol + ".timeout", TIMEOUT_MILLIS);
        // Big attachments arrive in pieces instead of one huge buffer.
        properties.put("mail." + protocol + ".partialfetch", "true");
        properties.put("mail." + protocol + ".fetchsize", String.valueOf(256 * 1024));
        return Session.getInstance(properties);
    }

    static Session smtp(EmailSettings settings) {
        Properties properties = new Properties();
        String protocol = settings.smtpTls() ? "smtps" : "smtp";
        properties.put("mail.transport.protocol", protocol);
        properties.put("mail." + protocol + ".host", settings.smtpHost());
        properties.put("mail." + protocol + ".port", String.valueOf(settings.smtpPort()));
        properties.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MILLIS);
        properties.put("mail." + protocol + ".timeout", TIMEOUT_MILLIS);
        properties.put("mail." + protocol + ".writetimeout", TIMEOUT_MILLIS);
        properties.put("mail." + protocol + ".auth", String.valueOf(settings.smtpUsername() != null));
        return Session.getInstance(properties);
    }
}
