package io.omniline.bridge.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.bridge.conversations.AgentDesk;
import io.omniline.bridge.testing.AllAtOnce;
import io.omniline.bridge.testing.Bridge;
import io.omniline.bridge.testing.Eventually;
import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.customer.Customer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.jooq.Tables;
import io.omniline.db.message.AttachmentRepository;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.NegativeResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmsChannelTest {

    private static final String PHONE = "+14155550142";
    private static final byte[] SECRET = "a-shared-secret-of-enough-length".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private Bridge bridge;
    private FakeSmsc smsc;
    private SmppLink link;
    private SmsInbox inbox;

    @BeforeEach
    void start() throws Exception {
        bridge = new Bridge(db.repositories());
        smsc = new FakeSmsc();
        inbox = inbox(db.dsl());
        link = link(inbox, db.dsl()).start();
        Eventually.await(smsc::bound, bound -> bound, Duration.ofSeconds(10));
        bridge.replyOn(
                Channel.sms, new SmsReplies(bridge.messages, db.repositories().smsSubmissions(), link));
    }

    @AfterEach
    void stop() throws Exception {
        link.close();
        smsc.close();
        bridge.close();
    }

    @Test
    void anSmsExchangeIsOneSessionOnTheSendersCustomerWithReceipts() throws Exception {
        Customer kim = bridge.customers.create("Kim", Map.of(), List.of(bridge.normalizer.phone(PHONE)));
        long agent = bridge.agentSignedIn(5, "sms");
        smsc.sendReceipts(true);

        smsc.deliver(PHONE.substring(1), (byte) 0, gsm("Is my refund through? Cost was 20€"), false);
        smsc.deliver(PHONE.substring(1), (byte) 0, gsm("Order 5531"), false);

        List<Message> texts = awaitMessages(2);
        Interaction session =
                bridge.interactions.findById(texts.getFirst().interactionId()).orElseThrow();
        assertThat(texts).extracting(Message::interactionId).containsOnly(session.id());
        assertThat(texts.getFirst().body()).isEqualTo("Is my refund through? Cost was 20€");
        assertThat(session.customerId()).isEqualTo(kim.id());
        assertThat(session.linkedId()).isEqualTo(PHONE);

        Eventually.await(
                () -> db.repositories().digitalQueue().heldBy(agent), held -> held.size() == 1, Duration.ofSeconds(5));
        AgentDesk desk = bridge.desk();
        desk.accept(session.id(), agent);
        Message reply = desk.reply(session.id(), agent, "Yes, it went out this morning.");

        assertThat(reply.deliveryState()).isEqualTo("sent");
        assertThat(smsc.submitted()).singleElement().satisfies(sms -> {
            assertThat(sms.destination()).isEqualTo(PHONE.substring(1));
            assertThat(new String(sms.payload(), StandardCharsets.US_ASCII))
                    .isEqualTo("Yes, it went out this morning.");
        });
        Eventually.await(
                () -> bridge.messages.transcript(session.id()).getLast().deliveryState(),
                "delivered"::equals,
                Duration.ofSeconds(10));
    }

    @Test
    void concatenatedUcs2PartsInAnyOrderBecomeOneMessage() throws Exception {
        String text = "Привет! Мой заказ 🚚 не пришёл";
        byte[] utf16 = text.getBytes(StandardCharsets.UTF_16BE);
        int cut = 20;
        smsc.deliver(
                PHONE, (byte) 0x08, udh16(0x1234, 2, 2, java.util.Arrays.copyOfRange(utf16, cut, utf16.length)), true);
        assertThat(allMessages()).isEmpty();
        smsc.deliver(PHONE, (byte) 0x08, udh16(0x1234, 2, 1, java.util.Arrays.copyOfRange(utf16, 0, cut)), true);

        assertThat(awaitMessages(1).getFirst().body()).isEqualTo(text);
    }

    @Test
    void anSmscDroppingTheBindMidMessageLosesNoPart() throws Exception {
        byte[] first = gsm("The first half of a long text, ");
        byte[] second = gsm("and the second half after a rebind.");
        smsc.deliver(PHONE, (byte) 0, udh8(7, 2, 1, first), true);
        assertThat(db.dsl().fetchCount(Tables.SMS_PART)).isEqualTo(1);

        smsc.cutLink();
        Eventually.await(link::bindCount, binds -> binds >= 2, Duration.ofSeconds(15));
        Eventually.await(smsc::bound, bound -> bound, Duration.ofSeconds(10));
        smsc.deliver(PHONE, (byte) 0, udh8(7, 2, 2, second), true);

        assertThat(awaitMessages(1).getFirst().body())
                .isEqualTo("The first half of a long text, and the second half after a rebind.");
        assertThat(db.dsl().fetchCount(Tables.SMS_PART, Tables.SMS_PART.ASSEMBLED_AT.isNull()))
                .isZero();
    }

    @Test
    void anUnknownDataCodingIsKeptAsANoteWithItsBytes() throws Exception {
        smsc.deliver(PHONE, (byte) 0x05, new byte[] {0x1B, 0x24, 0x42}, false);

        Message note = awaitMessages(1).getFirst();
        assertThat(note.body()).contains("data_coding 0x05").contains("1b2442");
        assertThat(note.metadata().get("problems").toString()).contains("not a text coding");
    }

    @Test
    void aTextThatCannotBeStoredIsRefusedWithATemporaryErrorSoTheSmscRetries() throws Exception {
        link.close();
        DatabaseSettings doomed = TestDatabase.createAnother();
        try (Database lost = Database.connect(doomed)) {
            link = link(inbox(lost.dsl()), lost.dsl()).start();
            Eventually.await(smsc::bound, bound -> bound, Duration.ofSeconds(10));
            TestDatabase.drop(doomed);

            assertThatThrownBy(() -> smsc.deliver(PHONE, (byte) 0, gsm("lost?"), false))
                    .isInstanceOfSatisfying(
                            NegativeResponseException.class,
                            refused -> assertThat(refused.getCommandStatus()).isEqualTo(0x64));
        }
    }

    @Test
    void longAndUnicodeRepliesAreSplitIntoConcatenatedParts() throws Exception {
        long agent = bridge.agentSignedIn(5, "sms");
        smsc.deliver(PHONE, (byte) 0, gsm("hi"), false);
        long session = awaitMessages(1).getFirst().interactionId();
        Eventually.await(
                () -> db.repositories().digitalQueue().heldBy(agent), held -> held.size() == 1, Duration.ofSeconds(5));
        AgentDesk desk = bridge.desk();
        desk.accept(session, agent);

        desk.reply(session, agent, "x".repeat(400));
        desk.reply(session, agent, "Спасибо за ожидание 🙏");

        List<FakeSmsc.Submitted> sent = smsc.submitted();
        assertThat(sent).hasSize(4);
        assertThat(sent.subList(0, 3))
                .allSatisfy(part -> assertThat(part.udhi()).isTrue());
        assertThat(sent.getLast().dataCoding()).isEqualTo((byte) 0x08);
        assertThat(new String(sent.getLast().payload(), StandardCharsets.UTF_16BE))
                .isEqualTo("Спасибо за ожидание 🙏");
        assertThat(db.dsl().fetchCount(Tables.SMS_SUBMISSION)).isEqualTo(4);
    }

    @Test
    void theWebhookStoresASignedTextOnceAndRefusesABadSignature() {
        SmsWebhook webhook = new SmsWebhook(
                inbox,
                "a-shared-secret-of-enough-length".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(5),
                Clock.systemUTC());
        byte[] body = "{\"id\":\"prov-1\",\"from\":\"+1 415 555 0142\",\"text\":\"via the provider\"}"
                .getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;

        assertThat(webhook.receive(webhook.sign(now, body), body).status()).isEqualTo(200);
        assertThat(webhook.receive(webhook.sign(now, body), body).status()).isEqualTo(200);
        assertThat(webhook.receive("t=" + now + ",v1=00ff", body).status()).isEqualTo(401);
        assertThat(webhook.receive(null, body).status()).isEqualTo(401);
        assertThat(webhook.receive(webhook.sign(now - 3600, body), body).status())
                .isEqualTo(401);
        byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);
        assertThat(webhook.receive(webhook.sign(now, garbage), garbage).status())
                .isEqualTo(400);

        List<Message> stored = allMessages();
        assertThat(stored).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo("via the provider");
            assertThat(message.authorKind()).isEqualTo(AuthorKind.customer);
        });
        assertThat(bridge.interactions
                        .findById(stored.getFirst().interactionId())
                        .orElseThrow()
                        .linkedId())
                .isEqualTo(PHONE);
    }

    @Test
    void eightConcurrentWebhookPostsOfOneIdStoreOneCopy() throws Exception {
        SmsWebhook webhook = webhook();
        byte[] body = "{\"id\":\"race-1\",\"from\":\"+1 415 555 0142\",\"text\":\"only once\"}"
                .getBytes(StandardCharsets.UTF_8);
        String signature = webhook.sign(System.currentTimeMillis() / 1000, body);

        List<Integer> statuses =
                AllAtOnce.run(8, () -> webhook.receive(signature, body).status());

        assertThat(statuses).containsOnly(200);
        assertThat(allMessages()).extracting(Message::body).containsExactly("only once");
    }

    @Test
    void eightConcurrentDeliverSmWithOneSmscIdStoreOneCopy() throws Exception {
        List<Boolean> answered = AllAtOnce.run(8, () -> {
            deliverUntilAnswered(gsm("said once"), false, new OptionalParameter.Receipted_message_id("smsc-77"));
            return true;
        });

        assertThat(answered).containsOnly(true);
        assertThat(awaitMessages(1))
                .extracting(Message::body, Message::externalId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("said once", "smpp:smsc-77"));
        Thread.sleep(200);
        assertThat(allMessages()).hasSize(1);
    }

    @Test
    void partsOfOneTextArrivingTogetherAndTheLastOneEightTimesMakeOneMessage() throws Exception {
        deliverUntilAnswered(udh8(9, 3, 1, gsm("One, ")), true);
        java.util.concurrent.atomic.AtomicInteger delivery = new java.util.concurrent.atomic.AtomicInteger();

        AllAtOnce.run(9, () -> {
            int n = delivery.getAndIncrement();
            deliverUntilAnswered(n == 0 ? udh8(9, 3, 2, gsm("two, ")) : udh8(9, 3, 3, gsm("three.")), true);
            return n;
        });

        assertThat(awaitMessages(1)).extracting(Message::body).containsExactly("One, two, three.");
        Thread.sleep(200);
        assertThat(allMessages()).hasSize(1);
        assertThat(db.dsl().fetchCount(Tables.SMS_PART, Tables.SMS_PART.ASSEMBLED_AT.isNull()))
                .isZero();
    }

    @Test
    void aNulOrBrokenTextInAWebhookPostIsStoredWithoutItBesideTheOriginalAndLaterTextsFlow() {
        SmsWebhook webhook = webhook();
        long now = System.currentTimeMillis() / 1000;
        byte[] nul = "{\"id\":\"nul-1\",\"from\":\"+14155550142\",\"text\":\"before\\u0000after \\ud800!\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = concat(
                "{\"id\":\"latin-1\",\"from\":\"+14155550142\",\"text\":\"caf".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xE9, '"', '}'});
        byte[] fine = "{\"id\":\"ok-1\",\"from\":\"+14155550142\",\"text\":\"still flowing\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(webhook.receive(webhook.sign(now, nul), nul).status()).isEqualTo(200);
        assertThat(webhook.receive(webhook.sign(now, notUtf8), notUtf8).status())
                .isEqualTo(200);
        assertThat(webhook.receive(webhook.sign(now, fine), fine).status()).isEqualTo(200);

        List<Message> stored = allMessages();
        assertThat(stored)
                .extracting(Message::body)
                .containsExactly("beforeafter \uFFFD!", "caf\uFFFD", "still flowing");
        assertThat(stored.getFirst().metadata().get("problems").toString())
                .contains("2 character(s) that cannot be stored");
        AttachmentRepository attachments = db.repositories().attachments();
        assertThat(attachments.of(stored.get(0).id()))
                .singleElement()
                .satisfies(original -> assertThat(original.content()).isEqualTo(nul));
        assertThat(attachments.of(stored.get(1).id()))
                .singleElement()
                .satisfies(original -> assertThat(original.content()).isEqualTo(notUtf8));
        assertThat(attachments.of(stored.get(2).id())).isEmpty();
    }

    @Test
    void aNulInADeliverSmIsLeftOutAndThePayloadKept() throws Exception {
        byte[] payload = "A\u0000B".getBytes(StandardCharsets.UTF_16BE);
        smsc.deliver(PHONE, (byte) 0x08, payload, false);
        smsc.deliver(PHONE, (byte) 0, gsm("next one"), false);

        List<Message> stored = awaitMessages(2);
        assertThat(stored).extracting(Message::body).containsExactly("AB", "next one");
        assertThat(db.repositories().attachments().of(stored.getFirst().id()))
                .singleElement()
                .satisfies(original -> assertThat(original.content()).isEqualTo(payload));
    }

    @Test
    void aWebhookPostThatCannotBeStoredNowIsAnsweredWithARetryInPlainWords() {
        DatabaseSettings doomed = TestDatabase.createAnother();
        try (Database lost = Database.connect(doomed)) {
            SmsWebhook webhook = new SmsWebhook(inbox(lost.dsl()), SECRET, Duration.ofMinutes(5), Clock.systemUTC());
            TestDatabase.drop(doomed);
            byte[] body = "{\"id\":\"lost-1\",\"from\":\"+14155550142\",\"text\":\"hello?\"}"
                    .getBytes(StandardCharsets.UTF_8);

            SmsWebhook.Outcome outcome = webhook.receive(webhook.sign(System.currentTimeMillis() / 1000, body), body);

            assertThat(outcome.status()).isEqualTo(503);
            assertThat(outcome.message())
                    .doesNotContainIgnoringCase("sql")
                    .doesNotContain("Exception")
                    .doesNotContain("insert");
        }
    }

    /** Delivers a part again when its response is late, as an SMSC does; the link must store it once. */
    private void deliverUntilAnswered(byte[] payload, boolean udhi, OptionalParameter... tlvs) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                smsc.deliver(PHONE, (byte) 0, payload, udhi, tlvs);
                return;
            } catch (org.jsmpp.extra.ResponseTimeoutException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private SmsWebhook webhook() {
        return new SmsWebhook(inbox, SECRET, Duration.ofMinutes(5), Clock.systemUTC());
    }

    private SmsInbox inbox(org.jooq.DSLContext dsl) {
        return new SmsInbox(
                new io.omniline.db.Transactions(dsl),
                bridge.resolver,
                bridge.normalizer,
                bridge.router,
                bridge.events,
                "sms",
                Duration.ofMinutes(30));
    }

    private SmppLink link(SmsInbox into, org.jooq.DSLContext dsl) {
        return new SmppLink(
                new SmppSettings(
                        "127.0.0.1",
                        smsc.port(),
                        "omniline",
                        "secret",
                        "",
                        "12345",
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(1)),
                into,
                new DeliveryReceipts(new io.omniline.db.Transactions(dsl)));
    }

    private List<Message> awaitMessages(int count) {
        return Eventually.await(this::allMessages, all -> all.size() >= count, Duration.ofSeconds(10));
    }

    private List<Message> allMessages() {
        return db.dsl().selectFrom(Tables.MESSAGE).orderBy(Tables.MESSAGE.ID).fetch(MessageRepository::message);
    }

    private static byte[] gsm(String text) {
        return com.cloudhopper.commons.charset.CharsetUtil.encode(
                text, com.cloudhopper.commons.charset.CharsetUtil.CHARSET_GSM);
    }

    private static byte[] udh8(int reference, int total, int seq, byte[] body) {
        byte[] header = {0x05, 0x00, 0x03, (byte) reference, (byte) total, (byte) seq};
        return concat(header, body);
    }

    private static byte[] udh16(int reference, int total, int seq, byte[] body) {
        byte[] header = {0x06, 0x08, 0x04, (byte) (reference >> 8), (byte) reference, (byte) total, (byte) seq};
        return concat(header, body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
