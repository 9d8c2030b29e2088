package io.omniline.bridge.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.omniline.bridge.conversations.AgentDesk;
import io.omniline.bridge.testing.AllAtOnce;
import io.omniline.bridge.testing.Bridge;
import io.omniline.bridge.testing.Eventually;
import io.omniline.db.Database;
import io.omniline.db.customer.Customer;
import io.omniline.db.email.MailboxCursor;
import io.omniline.db.email.MailboxCursorRepository;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.message.Attachment;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.Message;
import io.omniline.db.testing.FreezingProxy;
import io.omniline.db.testing.TestDatabase;
import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailChannelTest {

    private static final String SUPPORT = "support@omniline.test";
    private static final String CUSTOMER = "Robin.Customer@Example.com";
    private static final Session SESSION = Session.getInstance(new Properties());

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private GreenMail mail;
    private Bridge bridge;
    private EmailSettings settings;

    @BeforeEach
    void start() {
        mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.start();
        mail.setUser(SUPPORT, SUPPORT, "secret");
        mail.setUser(CUSTOMER.toLowerCase(), CUSTOMER.toLowerCase(), "secret");
        bridge = new Bridge(db.repositories());
        settings = settings(mail.getSmtp().getPort(), true);
        bridge.replyOn(Channel.email, new EmailReplies(bridge.messages, new SmtpMailer(settings)));
    }

    @AfterEach
    void stop() {
        bridge.close();
        mail.stop();
    }

    @Test
    void aThreadOfMailsAndRepliesIsOneInteractionOnTheSendersCustomer() throws Exception {
        Customer robin = bridge.customers.create("Robin", Map.of(), List.of(bridge.normalizer.email(CUSTOMER)));
        long agent = bridge.agentSignedIn(5, "email");
        MimeMessage first = mail(CUSTOMER, "<first@example.com>", "Lieferung", null);
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart("Grüße, wo bleibt mein Paket?", "text/plain; charset=ISO-8859-1"));
        alternative.addBodyPart(
                textPart("<p>Grüße, wo bleibt <b>mein Paket</b>?</p>", "text/html; charset=ISO-8859-1"));
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        MimeMultipart mixed = new MimeMultipart("mixed", body, attachment("receipt.pdf", new byte[2048]));
        first.setContent(mixed);
        deliver(first);

        try (MailboxReader reader = reader(settings)) {
            Message imported = awaitMessages(1).getFirst();
            Interaction thread =
                    bridge.interactions.findById(imported.interactionId()).orElseThrow();
            assertThat(thread.customerId()).isEqualTo(robin.id());
            assertThat(thread.subject()).isEqualTo("Lieferung");
            assertThat(imported.body()).isEqualTo("Grüße, wo bleibt mein Paket?");
            assertThat(db.repositories().attachments().of(imported.id()))
                    .extracting(Attachment::fileName, Attachment::sizeBytes)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("receipt.pdf", 2048L));

            AgentDesk desk = bridge.desk();
            Eventually.await(
                    () -> db.repositories().digitalQueue().heldBy(agent),
                    held -> held.size() == 1,
                    Duration.ofSeconds(5));
            desk.accept(thread.id(), agent);
            Message reply = desk.reply(thread.id(), agent, "It left our warehouse today.");
            assertThat(reply.deliveryState()).isEqualTo("sent");

            MimeMessage received = receivedBy(CUSTOMER.toLowerCase());
            assertThat(received.getHeader("In-Reply-To")).containsExactly("<first@example.com>");
            assertThat(received.getHeader("References")[0]).contains("<first@example.com>");
            assertThat(received.getSubject()).isEqualTo("Re: Lieferung [#" + thread.id() + "]");
            assertThat(received.getMessageID()).isEqualTo(reply.externalId());

            MimeMessage answer =
                    mail(CUSTOMER, "<second@example.com>", "Re: Re: Lieferung [#" + thread.id() + "]", "Thanks!");
            answer.setHeader("In-Reply-To", reply.externalId());
            answer.setHeader("References", "<first@example.com> " + reply.externalId());
            deliver(answer);

            List<Message> all = awaitMessages(3);
            assertThat(all).extracting(Message::interactionId).containsOnly(thread.id());
            assertThat(all)
                    .extracting(Message::authorKind)
                    .containsExactly(AuthorKind.customer, AuthorKind.agent, AuthorKind.customer);
        }
    }

    @Test
    void aRestartNeitherRepeatsNorSkipsAMail() throws Exception {
        deliver(mail(CUSTOMER, "<one@example.com>", "one", "1"));
        deliver(mail(CUSTOMER, "<two@example.com>", "two", "2"));
        try (MailboxReader reader = reader(settings)) {
            awaitMessages(2);
        }
        deliver(mail(CUSTOMER, "<three@example.com>", "three", "3"));

        try (MailboxReader restarted = reader(settings)) {
            awaitMessages(3);
            Thread.sleep(300);
        }
        assertThat(allMessages())
                .extracting(Message::externalId)
                .containsExactlyInAnyOrder("<one@example.com>", "<two@example.com>", "<three@example.com>");
        assertThat(db.repositories()
                        .mailboxCursors()
                        .find(settings.mailboxKey())
                        .orElseThrow()
                        .lastUid())
                .isEqualTo(3);

        // A mailbox rebuilt by its server (new UIDVALIDITY) is read again from the start; Message-IDs keep it single.
        db.dsl().execute("update mailbox_cursor set uid_validity = uid_validity + 1");
        try (MailboxReader rebuilt = reader(settings)) {
            Eventually.await(
                    () -> db.repositories()
                            .mailboxCursors()
                            .find(settings.mailboxKey())
                            .orElseThrow(),
                    cursor -> cursor.lastUid() == 3,
                    Duration.ofSeconds(10));
        }
        assertThat(allMessages()).hasSize(3);
    }

    @Test
    void withoutIdleTheMailboxIsPolled() throws Exception {
        try (MailboxReader reader = reader(settings(mail.getSmtp().getPort(), false))) {
            deliver(mail(CUSTOMER, "<polled@example.com>", "polled", "hello"));
            assertThat(awaitMessages(1).getFirst().externalId()).isEqualTo("<polled@example.com>");
        }
    }

    @Test
    void aBrokenMimeTreeIsImportedWithWhatCanBeReadAndTheOriginalKept() throws Exception {
        String raw = "From: " + CUSTOMER + "\r\nTo: " + SUPPORT
                + "\r\nSubject: broken\r\nMessage-ID: <broken@example.com>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nqapla'\r\n"
                + "--b1\r\nContent-Type: application/pdf; name=\"x.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "%%%% not base64 at all\r\n";
        deliver(new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));

        try (MailboxReader reader = reader(settings)) {
            Message imported = awaitMessages(1).getFirst();
            assertThat(imported.body()).contains("qapla'");
            assertThat(imported.metadata().get("problems").toString()).contains("unknown charset x-klingon");
            assertThat(bridge.interactions
                            .findById(imported.interactionId())
                            .orElseThrow()
                            .customerId())
                    .isNotNull();
        }
    }

    @Test
    void aFiftyMegabyteAttachmentIsRecordedButNotStored() throws Exception {
        MimeMessage big = mail(CUSTOMER, "<big@example.com>", "video", null);
        big.setContent(new MimeMultipart(
                "mixed",
                textPart("see attached", "text/plain; charset=UTF-8"),
                attachment("holiday.mp4", new byte[50 * 1024 * 1024])));
        deliver(big);
        EmailSettings roomy = new EmailSettings(
                "127.0.0.1",
                mail.getImap().getPort(),
                false,
                SUPPORT,
                "secret",
                "INBOX",
                "127.0.0.1",
                mail.getSmtp().getPort(),
                false,
                null,
                null,
                SUPPORT,
                "email",
                Duration.ofMillis(200),
                true,
                10 * 1024 * 1024,
                100 * 1024 * 1024);

        try (MailboxReader reader = reader(roomy)) {
            Message imported = awaitMessages(1).getFirst();
            Attachment attachment =
                    db.repositories().attachments().of(imported.id()).getFirst();
            assertThat(imported.body()).isEqualTo("see attached");
            assertThat(attachment.fileName()).isEqualTo("holiday.mp4");
            assertThat(attachment.content()).isNull();
            assertThat(attachment.sizeBytes()).isGreaterThan(50_000_000L);
            assertThat(attachment.droppedReason()).contains("limit");
        }
    }

    @Test
    void aSubjectTokenOnlyThreadsMailFromThatThreadsCustomer() throws Exception {
        deliver(mail(CUSTOMER, "<original@example.com>", "help", "first"));
        try (MailboxReader reader = reader(settings)) {
            long thread = awaitMessages(1).getFirst().interactionId();
            deliver(mail("stranger@example.org", "<stranger@example.org>", "Re: help [#" + thread + "]", "hijack"));
            deliver(mail(CUSTOMER, "<again@example.com>", "Re: help [#" + thread + "]", "headers lost"));

            List<Message> all = awaitMessages(3);
            assertThat(all.stream()
                            .filter(m -> m.externalId().equals("<again@example.com>"))
                            .findFirst()
                            .orElseThrow()
                            .interactionId())
                    .isEqualTo(thread);
            assertThat(all.stream()
                            .filter(m -> m.externalId().equals("<stranger@example.org>"))
                            .findFirst()
                            .orElseThrow()
                            .interactionId())
                    .isNotEqualTo(thread);
        }
    }

    @Test
    void aReplyThatCannotBeSentIsKeptAsFailed() throws Exception {
        EmailSettings unreachable = settings(closedPort(), true);
        bridge.replyOn(Channel.email, new EmailReplies(bridge.messages, new SmtpMailer(unreachable)));
        long agent = bridge.agentSignedIn(5, "email");
        deliver(mail(CUSTOMER, "<ask@example.com>", "question", "?"));
        try (MailboxReader reader = reader(settings)) {
            long thread = awaitMessages(1).getFirst().interactionId();
            Eventually.await(
                    () -> db.repositories().digitalQueue().heldBy(agent),
                    held -> held.size() == 1,
                    Duration.ofSeconds(5));
            AgentDesk desk = bridge.desk();
            desk.accept(thread, agent);

            Message reply = desk.reply(thread, agent, "answer");

            assertThat(reply.deliveryState()).isEqualTo("failed");
            assertThat(bridge.messages.transcript(thread))
                    .extracting(Message::body)
                    .containsExactly("?", "answer");
        }
    }

    @Test
    void aMailArrivingWhileTheDatabaseIsDownIsImportedOnceWhenItIsBack() throws Exception {
        try (FreezingProxy proxy = FreezingProxy.in(db.settings());
                Database database = Database.connect(proxy.settings(db.settings()));
                MailboxReader reader = reader(settings, database.dsl())) {
            deliver(mail(CUSTOMER, "<before-down@example.com>", "before", "1"));
            awaitMessages(1);

            proxy.cut();
            deliver(mail(CUSTOMER, "<while-down@example.com>", "while down", "2"));
            Thread.sleep(1_000);
            assertThat(allMessages())
                    .as("nothing half-imported while the database is down")
                    .hasSize(1);

            proxy.restore();
            deliver(mail(CUSTOMER, "<after-down@example.com>", "after", "3"));
            awaitMessages(3);
            Thread.sleep(300);
        }
        assertThat(allMessages())
                .extracting(Message::externalId)
                .containsExactlyInAnyOrder(
                        "<before-down@example.com>", "<while-down@example.com>", "<after-down@example.com>");
        assertThat(db.repositories()
                        .mailboxCursors()
                        .find(settings.mailboxKey())
                        .orElseThrow()
                        .lastUid())
                .isEqualTo(3);
    }

    @Test
    void aMailImportedWhileTheDatabaseIsHungIsStoredOnceWhenItAnswersAgain() throws Exception {
        try (FreezingProxy proxy = FreezingProxy.in(db.settings());
                Database database = Database.connect(proxy.settings(db.settings()));
                MailboxReader reader = reader(settings, database.dsl())) {
            deliver(mail(CUSTOMER, "<before-hang@example.com>", "before", "1"));
            awaitMessages(1);

            proxy.freeze();
            deliver(mail(CUSTOMER, "<while-hung@example.com>", "while hung", "2"));
            Thread.sleep(1_000);
            assertThat(allMessages()).hasSize(1);

            proxy.thaw();
            awaitMessages(2);
            deliver(mail(CUSTOMER, "<after-hang@example.com>", "after", "3"));
            awaitMessages(3);
            Thread.sleep(300);
        }
        assertThat(allMessages())
                .extracting(Message::externalId)
                .containsExactlyInAnyOrder(
                        "<before-hang@example.com>", "<while-hung@example.com>", "<after-hang@example.com>");
    }

    private MailboxReader reader(EmailSettings with) {
        return reader(with, db.dsl());
    }

    private MailboxReader reader(EmailSettings with, org.jooq.DSLContext dsl) {
        EmailImporter importer = new EmailImporter(
                new io.omniline.db.Transactions(dsl), bridge.resolver, bridge.router, bridge.events, "email");
        return new MailboxReader(
                        with,
                        new MimeReader(with.maxAttachmentBytes(), with.maxMessageBytes()),
                        importer,
                        new MailboxCursorRepository(dsl))
                .start();
    }

    private EmailSettings settings(int smtpPort, boolean idle) {
        return new EmailSettings(
                "127.0.0.1",
                mail.getImap().getPort(),
                false,
                SUPPORT,
                "secret",
                "INBOX",
                "127.0.0.1",
                smtpPort,
                false,
                null,
                null,
                SUPPORT,
                "email",
                Duration.ofMillis(200),
                idle,
                10 * 1024 * 1024,
                50 * 1024 * 1024);
    }

    @Test
    void aStrangerQuotingACustomersMessageIdStartsAConversationOfTheirOwn() throws Exception {
        Customer robin = bridge.customers.create("Robin", Map.of(), List.of(bridge.normalizer.email(CUSTOMER)));
        deliver(mail(CUSTOMER, "<robin-1@example.com>", "My card was charged twice", "Please refund one."));
        try (MailboxReader reader = reader(settings)) {
            long robinsThread = awaitMessages(1).getFirst().interactionId();

            MimeMessage quoting = mail(
                    "mallory@example.net",
                    "<mallory-1@example.net>",
                    "Re: My card was charged twice",
                    "Send the refund to my card instead.");
            quoting.setHeader("In-Reply-To", "<robin-1@example.com>");
            quoting.setHeader("References", "<robin-1@example.com>");
            deliver(quoting);
            MimeMessage token = mail(
                    "mallory@example.net",
                    "<mallory-2@example.net>",
                    "Re: anything [#" + robinsThread + "]",
                    "And here is the token too.");
            deliver(token);
            MimeMessage robinAgain =
                    mail(CUSTOMER, "<robin-2@example.com>", "Re: My card was charged twice", "Any news?");
            robinAgain.setHeader("In-Reply-To", "<robin-1@example.com>");
            deliver(robinAgain);

            List<Message> all = awaitMessages(4);
            assertThat(all.get(3).interactionId()).isEqualTo(robinsThread);
            Interaction mallorys =
                    bridge.interactions.findById(all.get(1).interactionId()).orElseThrow();
            assertThat(mallorys.id()).isNotEqualTo(robinsThread);
            assertThat(mallorys.customerId()).isNotEqualTo(robin.id());
            assertThat(all.get(2).interactionId()).isNotEqualTo(robinsThread);
            assertThat(bridge.messages.transcript(robinsThread))
                    .extracting(Message::body)
                    .containsExactly("Please refund one.", "Any news?");
        }
    }

    @Test
    void aMailOverTheSizeLimitIsRecordedFromItsHeadersWithoutBeingDownloaded() throws Exception {
        Customer robin = bridge.customers.create("Robin", Map.of(), List.of(bridge.normalizer.email(CUSTOMER)));
        EmailSettings small = new EmailSettings(
                "127.0.0.1",
                mail.getImap().getPort(),
                false,
                SUPPORT,
                "secret",
                "INBOX",
                "127.0.0.1",
                mail.getSmtp().getPort(),
                false,
                null,
                null,
                SUPPORT,
                "email",
                Duration.ofMillis(200),
                true,
                16 * 1024,
                64 * 1024);
        deliver(mail(CUSTOMER, "<huge@example.com>", "Scans", "x".repeat(300 * 1024)));
        deliver(mail(CUSTOMER, "<after@example.com>", "Small", "and this one"));

        try (MailboxReader reader = reader(small)) {
            List<Message> all = awaitMessages(2);
            Message huge = all.getFirst();
            assertThat(huge.externalId()).isEqualTo("<huge@example.com>");
            assertThat(huge.body())
                    .contains("larger than the 65,536-byte message limit")
                    .contains("UID 1")
                    .hasSizeLessThan(400);
            assertThat(bridge.interactions
                            .findById(huge.interactionId())
                            .orElseThrow()
                            .customerId())
                    .isEqualTo(robin.id());
            assertThat(db.repositories().attachments().of(huge.id()))
                    .singleElement()
                    .satisfies(original -> {
                        assertThat(original.content()).isNull();
                        assertThat(original.sizeBytes()).isGreaterThan(300 * 1024);
                        assertThat(original.droppedReason()).contains("still in the mailbox");
                    });
            assertThat(all.get(1).body()).isEqualTo("and this one");
        }
    }

    @Test
    void aMailWithANulIsStoredWithoutItBesideTheOriginalAndTheMailBehindItFlows() throws Exception {
        Customer robin = bridge.customers.create("Robin", Map.of(), List.of(bridge.normalizer.email(CUSTOMER)));
        MimeMessage poisoned = mail(CUSTOMER, "<nul@example.com>", "Odd\u0000subject", "Hello\u0000world");
        deliver(poisoned);
        deliver(mail(CUSTOMER, "<next@example.com>", "Next", "the next mail"));

        try (MailboxReader reader = reader(settings)) {
            List<Message> all = awaitMessages(2);
            Message cleaned = all.getFirst();
            assertThat(cleaned.body()).isEqualTo("Helloworld");
            assertThat(cleaned.metadata().get("subject")).isEqualTo("Oddsubject");
            assertThat(cleaned.metadata().get("problems").toString()).contains("2 character(s) that cannot be stored");
            assertThat(db.repositories().attachments().of(cleaned.id()))
                    .singleElement()
                    .satisfies(original -> {
                        assertThat(original.fileName()).isEqualTo("original.eml");
                        assertThat(new String(original.content(), StandardCharsets.ISO_8859_1))
                                .contains("Message-ID: <nul@example.com>");
                    });
            assertThat(all.get(1).body()).isEqualTo("the next mail");
            assertThat(bridge.interactions
                            .findById(all.get(1).interactionId())
                            .orElseThrow()
                            .customerId())
                    .isEqualTo(robin.id());
        }
    }

    @Test
    void eightConcurrentImportsOfOneMessageIdStoreOneCopy() throws Exception {
        EmailImporter importer =
                new EmailImporter(db.transactions(), bridge.resolver, bridge.router, bridge.events, "email");
        ParsedEmail once = new ParsedEmail(
                "<race@example.com>",
                null,
                List.of(),
                CUSTOMER.toLowerCase(),
                "Robin",
                List.of(SUPPORT),
                "Twice?",
                null,
                "said once",
                "text/plain",
                List.of(),
                List.of());
        AtomicInteger mailbox = new AtomicInteger();

        List<Boolean> stored = AllAtOnce.run(
                8,
                () -> importer.importMail(new MailboxCursor("mailbox-" + mailbox.incrementAndGet(), 1, 1), once)
                        .isPresent());

        assertThat(stored).containsOnlyOnce(true);
        assertThat(allMessages()).extracting(Message::body).containsExactly("said once");
    }

    private List<Message> awaitMessages(int count) {
        return Eventually.await(this::allMessages, all -> all.size() >= count, Duration.ofSeconds(20));
    }

    private List<Message> allMessages() {
        return db.dsl()
                .selectFrom(io.omniline.db.jooq.Tables.MESSAGE)
                .orderBy(io.omniline.db.jooq.Tables.MESSAGE.ID)
                .fetch(io.omniline.db.message.MessageRepository::message);
    }

    private MimeMessage receivedBy(String address) throws Exception {
        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        for (MimeMessage received : mail.getReceivedMessages()) {
            if (received.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                return received;
            }
        }
        throw new AssertionError("nothing arrived for " + address);
    }

    private void deliver(MimeMessage message) throws Exception {
        message.saveChanges();
        mail.getUserManager().getUser(SUPPORT).deliver(message);
    }

    private static MimeMessage mail(String from, String messageId, String subject, String text) throws Exception {
        MimeMessage message = new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, SUPPORT);
        message.setSubject(subject, "UTF-8");
        if (text != null) {
            message.setText(text, "UTF-8");
        }
        return message;
    }

    private static MimeBodyPart textPart(String text, String type) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        String charset = type.substring(type.indexOf("charset=") + 8);
        part.setContent(new String(text.getBytes(charset), charset), type);
        return part;
    }

    private static MimeBodyPart attachment(String name, byte[] content) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, "application/octet-stream")));
        part.setFileName(name);
        return part;
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
