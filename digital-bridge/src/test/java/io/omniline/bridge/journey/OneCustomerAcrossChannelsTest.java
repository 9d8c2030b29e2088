package io.omniline.bridge.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.omniline.bridge.channels.chat.ChatGateway;
import io.omniline.bridge.channels.chat.ChatGatewaySettings;
import io.omniline.bridge.channels.chat.VisitorTokens;
import io.omniline.bridge.channels.email.EmailImporter;
import io.omniline.bridge.channels.email.EmailSettings;
import io.omniline.bridge.channels.email.MailboxReader;
import io.omniline.bridge.channels.email.MimeReader;
import io.omniline.bridge.channels.sms.ShortMessage;
import io.omniline.bridge.channels.sms.SmsInbox;
import io.omniline.bridge.testing.Bridge;
import io.omniline.bridge.testing.ChatClient;
import io.omniline.bridge.testing.Eventually;
import io.omniline.db.interaction.Channel;
import io.omniline.db.message.Message;
import io.omniline.db.testing.TestDatabase;
import io.omniline.db.timeline.TimelineEntry;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The acceptance: one person on three channels is one customer with every transcript
 * complete, once the chat visitor has proved the phone and email they typed.
 */
class OneCustomerAcrossChannelsTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private final VisitorTokens tokens =
            new VisitorTokens("0123456789abcdef0123456789abcdef".getBytes(), Duration.ofDays(1), Clock.systemUTC());

    @Test
    void aChatAnEmailThreadAndAnSmsExchangeLandOnOneCustomer() throws Exception {
        GreenMail mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.start();
        mail.setUser("support@omniline.test", "support@omniline.test", "secret");
        try (Bridge bridge = new Bridge(db.repositories());
                ChatGateway gateway = ChatGateway.start(
                        ChatGatewaySettings.defaults("127.0.0.1", 0),
                        bridge.chat,
                        tokens,
                        bridge.events,
                        bridge.registry)) {
            ChatClient visitor = ChatClient.connect(gateway.port());
            visitor.send(
                    "{\"type\":\"hello\",\"name\":\"Alex Moreau\",\"phone\":\"+33 6 12 34 56 78\",\"email\":\"Alex@Example.fr\"}");
            visitor.next("welcome");
            visitor.send("{\"type\":\"message\",\"id\":\"c1\",\"text\":\"My parcel never arrived\"}");
            visitor.next("ack");
            visitor.verify("email").next("code-sent");
            visitor.code(bridge.lastCodeTo("email:alex@example.fr")).next("verified");
            visitor.verify("phone").next("code-sent");
            visitor.code(bridge.lastCodeTo("phone:+33612345678")).next("verified");
            visitor.close();

            MimeMessage email = new MimeMessage(Session.getInstance(new Properties()));
            email.setFrom(new InternetAddress("alex@example.fr"));
            email.setRecipients(jakarta.mail.Message.RecipientType.TO, "support@omniline.test");
            email.setSubject("Parcel 7731");
            email.setText("Here is the tracking number: 7731");
            email.saveChanges();
            mail.getUserManager().getUser("support@omniline.test").deliver(email);
            EmailSettings settings = new EmailSettings(
                    "127.0.0.1",
                    mail.getImap().getPort(),
                    false,
                    "support@omniline.test",
                    "secret",
                    "INBOX",
                    "127.0.0.1",
                    mail.getSmtp().getPort(),
                    false,
                    null,
                    null,
                    "support@omniline.test",
                    "email",
                    Duration.ofMillis(200),
                    true,
                    1 << 20,
                    1 << 22);
            try (MailboxReader reader = new MailboxReader(
                            settings,
                            new MimeReader(1 << 20, 1 << 22),
                            new EmailImporter(
                                    db.transactions(), bridge.resolver, bridge.router, bridge.events, "email"),
                            db.repositories().mailboxCursors())
                    .start()) {
                Eventually.await(
                        () -> db.dsl().fetchCount(io.omniline.db.jooq.Tables.MESSAGE),
                        count -> count == 2,
                        Duration.ofSeconds(10));
            }

            SmsInbox sms = new SmsInbox(
                    db.transactions(),
                    bridge.resolver,
                    bridge.normalizer,
                    bridge.router,
                    bridge.events,
                    "sms",
                    Duration.ofMinutes(30));
            sms.receive(
                    "+33612345678",
                    new ShortMessage("Any news on 7731?", Optional.empty(), null),
                    null,
                    Map.of(),
                    null);
            sms.receive(
                    "+33612345678",
                    new ShortMessage("I am home all day", Optional.empty(), null),
                    null,
                    Map.of(),
                    null);

            long alex = bridge.customers
                    .findByIdentity(bridge.normalizer.email("alex@example.fr"))
                    .orElseThrow()
                    .id();
            List<TimelineEntry> timeline = db.repositories().timelines().page(alex, 10, null);
            assertThat(timeline)
                    .extracting(entry -> entry.interaction().channel())
                    .containsExactly(Channel.sms, Channel.email, Channel.chat);
            assertThat(timeline)
                    .flatExtracting(TimelineEntry::messages)
                    .extracting(Message::body)
                    .containsExactly(
                            "Any news on 7731?",
                            "I am home all day",
                            "Here is the tracking number: 7731",
                            "My parcel never arrived");
            assertThat(bridge.customers.identities(alex)).hasSize(2);
        } finally {
            mail.stop();
        }
    }

    @Test
    void aGatewayRestartMidStreamLosesNothingAcknowledged() throws Exception {
        int total = 40;
        try (Bridge bridge = new Bridge(db.repositories())) {
            ChatGatewaySettings roomy = new ChatGatewaySettings(
                    "127.0.0.1",
                    0,
                    65_536,
                    4_000,
                    1_000,
                    1_000,
                    1_000,
                    1_000,
                    50,
                    Duration.ofMinutes(1),
                    10,
                    20,
                    Duration.ofMinutes(2));
            ChatGateway first = ChatGateway.start(roomy, bridge.chat, tokens, bridge.events, bridge.registry);
            ChatClient visitor = ChatClient.connect(first.port());
            visitor.hello(null, null, null, null);
            String token = visitor.next("welcome").get("token").asText();
            Thread closing = null;
            for (int i = 0; i < total; i++) {
                visitor.trySend(ChatClient.json("type", "message", "id", "m" + i, "text", "line " + i));
                if (i == total / 4) {
                    visitor.next("ack");
                }
                if (i == total / 2) {
                    closing = Thread.ofVirtual().start(first::close);
                }
            }
            closing.join();
            List<String> acked = visitor.acknowledged();

            try (ChatGateway second = ChatGateway.start(roomy, bridge.chat, tokens, bridge.events, bridge.registry)) {
                ChatClient resumed = ChatClient.connect(second.port());
                resumed.hello(token, null, null, null);
                resumed.next("welcome");
                for (int i = 0; i < total; i++) {
                    if (!acked.contains("m" + i)) {
                        resumed.say("m" + i, "line " + i);
                        resumed.next("ack");
                    }
                }
                resumed.close();
            }
            List<String> stored = db.dsl()
                    .select(io.omniline.db.jooq.Tables.MESSAGE.EXTERNAL_ID)
                    .from(io.omniline.db.jooq.Tables.MESSAGE)
                    .orderBy(io.omniline.db.jooq.Tables.MESSAGE.ID)
                    .fetch(io.omniline.db.jooq.Tables.MESSAGE.EXTERNAL_ID);
            assertThat(acked).isNotEmpty();
            assertThat(stored).containsAll(acked).doesNotHaveDuplicates().hasSize(total);
        }
    }
}
