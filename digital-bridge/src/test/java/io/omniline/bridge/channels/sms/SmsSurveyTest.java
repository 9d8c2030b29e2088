package io.omniline.bridge.channels.sms;

import static io.omniline.db.jooq.Tables.CSAT_SURVEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.bridge.conversations.AgentDesk;
import io.omniline.bridge.surveys.SurveyQuestions;
import io.omniline.bridge.testing.Bridge;
import io.omniline.bridge.testing.Eventually;
import io.omniline.db.Transactions;
import io.omniline.db.customer.Customer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.jooq.Tables;
import io.omniline.db.jooq.tables.records.CsatSurveyRecord;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CSAT after an SMS conversation: the question goes out over SMPP when the agent closes, and the
 * customer's one-digit answer comes back through the signed webhook onto the same conversation.
 */
class SmsSurveyTest {

    private static final String PHONE = "+14155550199";
    private static final byte[] SECRET = "a-shared-secret-of-enough-length".getBytes(StandardCharsets.UTF_8);
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final SurveyQuestions.Settings RETRIES =
            new SurveyQuestions.Settings(Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofHours(48));

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private Bridge bridge;
    private FakeSmsc smsc;
    private SmppLink link;
    private SmsWebhook webhook;
    private SurveyQuestions questions;

    @BeforeEach
    void start() throws Exception {
        bridge = new Bridge(db.repositories());
        smsc = new FakeSmsc();
        Transactions transactions = new Transactions(db.dsl());
        SmsInbox inbox = new SmsInbox(
                transactions,
                bridge.resolver,
                bridge.normalizer,
                bridge.router,
                bridge.events,
                "sms",
                Duration.ofMinutes(30),
                Optional.of(new SmsSurveyReplies(transactions, WINDOW, bridge.clock)));
        link = new SmppLink(
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
                        inbox,
                        new DeliveryReceipts(transactions))
                .start();
        Eventually.await(smsc::bound, bound -> bound, Duration.ofSeconds(10));
        bridge.replyOn(
                Channel.sms, new SmsReplies(bridge.messages, db.repositories().smsSubmissions(), link));
        questions = new SurveyQuestions(
                        db.repositories().csatSurveys(), RETRIES, bridge.clock, new SimpleMeterRegistry())
                .start(Duration.ofMillis(50));
        SmsSurveyOffers offers = new SmsSurveyOffers(db.repositories().csatSurveys(), link, questions, bridge.clock);
        questions.sendsOn("sms", offers);
        bridge.events.subscribe(offers);
        webhook = new SmsWebhook(inbox, SECRET, Duration.ofMinutes(5), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        questions.close();
        link.close();
        smsc.close();
        bridge.close();
    }

    @Test
    void aLoneDigitAfterTheQuestionIsTheRatingOfTheClosedConversationNotANewOne() {
        Customer kim = bridge.customers.create("Kim", Map.of(), List.of(bridge.normalizer.phone(PHONE)));
        Interaction session = answeredAndClosed("Is my refund through?");
        assertThat(smsc.submitted())
                .extracting(sms -> new String(sms.payload(), StandardCharsets.US_ASCII))
                .containsExactly("Yes, this morning.", SmsSurveyOffers.QUESTION);
        assertThat(smsc.submitted().getLast().destination()).isEqualTo(PHONE.substring(1));
        assertThat(score(session.id())).isNull();

        String id = text(" 4 \n");
        assertThat(score(session.id())).isEqualTo((short) 4);
        Interaction rated = bridge.interactions.findById(session.id()).orElseThrow();
        assertThat(rated.metadata()).containsKey("csat");
        assertThat(db.repositories().timelines().page(kim.id(), 10, null))
                .singleElement()
                .satisfies(entry -> assertThat(csat(entry.interaction()))
                        .containsEntry("score", 4)
                        .containsEntry("via", "sms"));
        assertThat(interactions()).as("the digit opened no conversation").isEqualTo(1);

        assertThat(post(id, "4").status()).as("the provider's retry").isEqualTo(200);
        text("5");
        assertThat(score(session.id())).as("the first answer stands").isEqualTo((short) 4);
        assertThat(interactions())
                .as("a digit nobody asked for goes the normal way")
                .isEqualTo(2);
        assertThat(allMessages()).extracting(Message::body).contains("5").doesNotContain(" 4 \n", "4");
    }

    /**
     * The SMSC refuses the question at the close: it stays in the outbox, is tried again after the
     * first retry wait, goes once when the SMSC takes texts again, and never again after; the
     * customer's digit then rates the conversation.
     */
    @Test
    void aQuestionTheSmscRefusedGoesOnceWhenItAcceptsAgain() {
        Answered answered = answered("Is my card blocked?", "No, it works.");
        Interaction session = answered.session();
        smsc.refuseSubmits(true);
        answered.close();

        Eventually.await(
                () -> question(session.id()).getQuestionAttempts(), tries -> tries >= 1, Duration.ofSeconds(10));
        assertThat(question(session.id()).getQuestionState()).isEqualTo("due");
        assertThat(question(session.id()).getQuestionError()).contains("SMSC did not take");
        assertThat(smsc.submitted()).hasSize(1);
        bridge.clock.advance(Duration.ofSeconds(59));
        assertThat(questions.sendDue())
                .as("not due before the first retry wait")
                .isZero();
        assertThat(question(session.id()).getQuestionAttempts()).isEqualTo(1);

        bridge.clock.advance(Duration.ofHours(23));
        Eventually.await(
                () -> question(session.id()).getQuestionAttempts(), tries -> tries >= 2, Duration.ofSeconds(10));
        assertThat(smsc.submitted()).as("still refused").hasSize(1);

        smsc.refuseSubmits(false);
        bridge.clock.advance(Duration.ofMinutes(30));
        Eventually.await(smsc::submitted, sent -> sent.size() >= 2, Duration.ofSeconds(10));
        bridge.clock.advance(Duration.ofHours(2));
        assertThat(questions.sendDue()).isZero();

        assertThat(smsc.submitted())
                .extracting(sms -> new String(sms.payload(), StandardCharsets.US_ASCII))
                .containsExactly("No, it works.", SmsSurveyOffers.QUESTION);
        // The SMSC has the text before the sending transaction that marks it sent commits.
        Eventually.await(() -> question(session.id()).getQuestionState(), "sent"::equals, Duration.ofSeconds(10));
        assertThat(question(session.id()).getQuestionAttempts()).isEqualTo(3);
        text("5");
        assertThat(score(session.id()))
                .as("25 hours after the close but 2 after the question went: the window counts from when it went")
                .isEqualTo((short) 5);
    }

    @Test
    void anythingButALoneDigitOrADigitAfterTheWindowGoesTheNormalWay() {
        Interaction first = answeredAndClosed("Where is my order?");
        text("It was great, 5 stars");
        assertThat(interactions()).isEqualTo(2);
        assertThat(score(first.id())).isNull();

        bridge.clock.advance(WINDOW.plusMinutes(1));
        text("3");
        assertThat(score(first.id())).as("asked too long ago").isNull();
        assertThat(allMessages()).extracting(Message::body).contains("It was great, 5 stars", "3");
    }

    @Test
    void aRatingWhileTheDatabaseIsDownIsRefusedSoTheProviderRetriesAndItIsStoredThen() {
        Interaction session = answeredAndClosed("Can I change my plan?");
        String id = "survey-" + UUID.randomUUID();
        try (TestDatabase.Outage outage = db.outage()) {
            assertThat(post(id, "2").status()).isEqualTo(503);
        }
        SmsWebhook.Outcome retried =
                Eventually.await(() -> post(id, "2"), outcome -> outcome.status() != 503, Duration.ofSeconds(30));
        assertThat(retried.status()).isEqualTo(200);
        assertThat(score(session.id())).isEqualTo((short) 2);
        assertThat(interactions()).isEqualTo(1);
    }

    /** A customer's text, an agent's answer, the agent closes: the survey question goes out. */
    private Interaction answeredAndClosed(String question) {
        Answered answered = answered(question, "Yes, this morning.");
        answered.close();
        Eventually.await(smsc::submitted, sent -> sent.size() >= 2, Duration.ofSeconds(10));
        return answered.session();
    }

    /** A customer's text and an agent's answer, the conversation still open. */
    private Answered answered(String question, String answer) {
        long agent = bridge.agentSignedIn(5, "sms");
        text(question);
        Interaction session = bridge.interactions
                .findById(allMessages().getFirst().interactionId())
                .orElseThrow();
        Eventually.await(
                () -> db.repositories().digitalQueue().heldBy(agent), held -> held.size() == 1, Duration.ofSeconds(5));
        AgentDesk desk = bridge.desk();
        desk.accept(session.id(), agent);
        desk.reply(session.id(), agent, answer);
        return new Answered(session, () -> desk.close(session.id(), agent));
    }

    /** An answered conversation and how its agent closes it. */
    private record Answered(Interaction session, Runnable closing) {
        void close() {
            closing.run();
        }
    }

    /** Posts a text as the provider does; returns its id. */
    private String text(String body) {
        String id = "sms-" + UUID.randomUUID();
        assertThat(post(id, body).status()).isEqualTo(200);
        return id;
    }

    private SmsWebhook.Outcome post(String id, String text) {
        byte[] body = ("{\"id\":\"" + id + "\",\"from\":\"" + PHONE + "\",\"text\":\"" + text.replace("\n", "\\n")
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return webhook.receive(webhook.sign(System.currentTimeMillis() / 1000, body), body);
    }

    private CsatSurveyRecord question(long interactionId) {
        return db.dsl().fetchSingle(CSAT_SURVEY, CSAT_SURVEY.INTERACTION_ID.eq(interactionId));
    }

    private Short score(long interactionId) {
        return db.dsl()
                .select(CSAT_SURVEY.SCORE)
                .from(CSAT_SURVEY)
                .where(CSAT_SURVEY.INTERACTION_ID.eq(interactionId))
                .fetchOne(CSAT_SURVEY.SCORE);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> csat(Interaction interaction) {
        return (Map<String, Object>) interaction.metadata().get("csat");
    }

    private int interactions() {
        return db.dsl().fetchCount(Tables.INTERACTION);
    }

    private List<Message> allMessages() {
        return db.dsl().selectFrom(Tables.MESSAGE).orderBy(Tables.MESSAGE.ID).fetch(MessageRepository::message);
    }
}
