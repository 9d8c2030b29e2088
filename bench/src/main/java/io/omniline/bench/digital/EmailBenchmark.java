package io.omniline.bench.digital;

import io.omniline.bench.Figure;
import io.omniline.bench.node.BenchNode;
import io.omniline.bench.node.Peers;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Email through the node's inbound pipeline: mails sent over SMTP into the support mailbox the
 * node follows (IMAP IDLE), from customers of the database (7 in 10) and from addresses it does not
 * know, at a steady rate. Timed from handing a mail to the mailbox's SMTP server to the node having
 * stored it on a conversation waiting in the email queue.
 */
public final class EmailBenchmark {

    private static final String QUEUE = "email";
    /** How long the node may take to store the last mail after it was sent. */
    private static final Duration DRAIN = Duration.ofSeconds(60);

    private final BenchNode node;

    public EmailBenchmark(BenchNode node) {
        this.node = node;
    }

    /** @param missing each mail not seen stored and routed, with where the node put it (if anywhere) */
    public record Result(int sent, int stored, double storedPerSecond, Figure latency, Map<String, String> missing) {}

    public Result run(int mails, int ratePerSecond) throws Exception {
        List<String> customers = node.repositories().bench().emails(Math.max(1, mails));
        String run = Long.toString(System.currentTimeMillis(), 36);
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(node.peers().smtpPort()));
        Session session = Session.getInstance(properties);
        try (StoredMessages stored = new StoredMessages(node.repositories().bench(), QUEUE);
                Transport smtp = session.getTransport("smtp")) {
            smtp.connect();
            Pacer pacer = new Pacer(ratePerSecond);
            for (int i = 0; i < mails; i++) {
                pacer.await(i);
                String from = i % 10 < 7 && !customers.isEmpty()
                        ? customers.get(i % customers.size())
                        : String.format(Locale.ROOT, "new.sender.%s.%d@example.org", run, i);
                String messageId = String.format(Locale.ROOT, "<bench-%s-%d@bench.omniline.test>", run, i);
                MimeMessage mail = mail(session, from, messageId, i);
                stored.sent(messageId);
                smtp.sendMessage(mail, mail.getAllRecipients());
            }
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (stored.stored() < mails && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double seconds = Math.max(1e-3, (stored.lastStoredAt() - pacer.start()) / 1e9);
            return new Result(
                    mails,
                    stored.stored(),
                    stored.stored() / seconds,
                    Figure.of(
                            "email: sent over SMTP -> stored and routed",
                            stored.latency().getIntervalHistogram(),
                            ""),
                    node.repositories().bench().whereabouts(stored.missing()));
        }
    }

    private static MimeMessage mail(Session session, String from, String messageId, int n) throws MessagingException {
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mail.setFrom(new InternetAddress(from));
        mail.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(Peers.MAILBOX));
        mail.setSubject("Order " + (100_000 + n) + ": where is my parcel?");
        mail.setText(
                "Hello,\n\nmy order " + (100_000 + n) + " has not arrived yet. Could you look into it?\n\nThanks\n",
                "UTF-8");
        return mail;
    }
}
