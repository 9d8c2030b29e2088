package io.omniline.server.surveys;

import static io.omniline.db.jooq.Tables.CSAT_SURVEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.omniline.bridge.surveys.SurveyTokens;
import io.omniline.db.account.AccountRole;
import io.omniline.db.jooq.tables.records.CsatSurveyRecord;
import io.omniline.db.report.ReportPeriod;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.server.reports.Measure;
import io.omniline.server.reports.Report;
import io.omniline.server.reports.ReportRequest;
import io.omniline.server.reports.ReportService;
import io.omniline.server.reports.ReportSettings;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CSAT after an email conversation, end to end: a customer's mail over IMAP, an agent's answer and
 * close over the API, the rating mail over SMTP (GreenMail), and the link in it followed with a
 * real HTTP client to the node's rating page.
 */
class EmailSurveyTest {

    private static final String SUPPORT = "support@omniline.test";
    private static final Pattern LINK = Pattern.compile("(http://\\S+/rate\\?t=\\S+)");

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final int QUESTION_RETRY_SECONDS = 1;

    /** The support mailbox Omniline reads (IMAP). */
    private static GreenMail mail;
    /** The SMTP server Omniline sends through; the customers' mail lands there. */
    private static GreenMail smtp;

    private static int smtpPort;
    private static Omniline omniline;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        mail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        mail.start();
        mail.setUser(SUPPORT, SUPPORT, "secret");
        smtpPort = freePort();
        smtp = smtpOn(smtpPort);
        OmnilineConfig config = TestConfigs.withEmail(
                TestConfigs.forDatabase(db.settings()), SUPPORT, mail.getImap().getPort(), smtpPort);
        omniline = Omniline.start(TestConfigs.withReports(
                config,
                new OmnilineConfig.Reports(
                        config.reports().timeZone(),
                        config.reports().shortAbandonSeconds(),
                        config.reports().serviceLevelSeconds(),
                        config.reports().fcrDays(),
                        new OmnilineConfig.Surveys(null, 7, 24, QUESTION_RETRY_SECONDS, 24),
                        config.reports().dailyEmail())));
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
        smtp.stop();
        mail.stop();
    }

    /**
     * SMTP is down when the agent closes: the rating mail waits in the outbox, and once SMTP is back
     * it arrives, once, however many times the outbox looks again.
     */
    @Test
    void aRatingMailSmtpRefusedAtTheCloseArrivesOnceWhenSmtpIsBack() throws Exception {
        String customer = "ana." + UUID.randomUUID() + "@example.com";
        ApiClient agent = agentOnEmail();
        long conversation = held(agent, customer, "Lost my receipt");
        agent.call("POST", "/api/conversations/" + conversation + "/messages", "{\"text\": \"Sent again.\"}", 201);
        awaitMails(customer, 1);
        smtp.stop();

        close(agent, conversation);
        awaitQuestion(conversation, row -> row.getQuestionAttempts() >= 2);
        assertThat(question(conversation).getQuestionState()).isEqualTo("due");
        smtp = smtpOn(smtpPort);

        MimeMessage rating = awaitMails(customer, 1).getFirst();
        linkIn(rating, conversation);
        awaitQuestion(conversation, row -> "sent".equals(row.getQuestionState()));
        Thread.sleep(Duration.ofSeconds(3 * QUESTION_RETRY_SECONDS).toMillis());
        assertThat(mailsTo(customer)).as("the rating mail, once").hasSize(1);
    }

    /** An SMTP server on a port that stays the same when it is stopped and started again, as a real one does. */
    private static GreenMail smtpOn(int port) {
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        server.setUser(SUPPORT, SUPPORT, "secret");
        return server;
    }

    /** A port nothing listens on now; SMTP keeps it across its restart, so Omniline's setting stays true. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theLinkInTheRatingMailOpensAPageWhoseClickStoresTheScoreOnceOnTheInteraction() throws Exception {
        String customer = "noor." + UUID.randomUUID() + "@example.com";
        smtp.setUser(customer, customer, "secret");
        ApiClient agent = agentOnEmail();
        long conversation = answeredAndClosed(agent, customer, "Where is parcel 7?");

        String link = linkIn(ratingMailTo(customer), conversation);
        HttpResponse<String> opened = get(link);
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.body()).contains("How well did we help?").contains("name=\"score\" value=\"5\"");
        assertThat(opened.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(score(conversation)).as("opening the link rates nothing").isNull();

        String token = link.substring(link.indexOf("t=") + 2);
        HttpResponse<String> rated = post(token, "4");
        assertThat(rated.statusCode()).isEqualTo(200);
        assertThat(rated.body()).contains("Your rating is saved");
        assertThat(score(conversation)).isEqualTo((short) 4);

        HttpResponse<String> again = post(token, "1");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("rated already");
        assertThat(get(link).body()).contains("rated already");
        assertThat(score(conversation)).as("the first rating stands").isEqualTo((short) 4);

        long customerId = agent.call("GET", "/api/conversations/" + conversation, null, 200)
                .at("/interaction/customerId")
                .asLong();
        JsonNode timeline =
                ApiClient.admin(omniline).call("GET", "/api/customers/" + customerId + "/timeline", null, 200);
        assertThat(timeline.get(0).at("/interaction/metadata/csat/score").asInt())
                .isEqualTo(4);
        assertThat(timeline.get(0).at("/interaction/metadata/csat/via").asText())
                .isEqualTo("email");

        Report.Row email = emailRow(conversation);
        assertThat(email.values().get(Measure.CSAT.key())).isEqualTo(4.0);
        assertThat(email.values().get(Measure.CSAT_RESPONSE_RATE.key())).isEqualTo(100.0);
    }

    @Test
    void forgedExpiredAndMalformedLinksAreRefusedInWords() throws Exception {
        String customer = "ola." + UUID.randomUUID() + "@example.com";
        smtp.setUser(customer, customer, "secret");
        long conversation = answeredAndClosed(agentOnEmail(), customer, "Invoice copy please");
        String link = linkIn(ratingMailTo(customer), conversation);
        String token = link.substring(link.indexOf("t=") + 2);

        String otherInteraction = token.replaceFirst("^[^.]+", base64(conversation + 1 + "|4102444800"));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        String signed = token.substring(0, token.length() - 1);
        String flipped = signed + alphabet.charAt(last ^ 32);
        String sameBytesOtherSpelling = signed + alphabet.charAt(last ^ 1);
        for (String forged :
                List.of(otherInteraction, flipped, sameBytesOtherSpelling, "", "x.y", "%%%", "a".repeat(500))) {
            HttpResponse<String> refused = post(forged, "5");
            assertThat(refused.statusCode()).as(forged).isIn(400, 404);
            assertThat(refused.body()).contains("not valid").doesNotContain("Exception");
        }
        HttpResponse<String> notADigit = post(token, "9");
        assertThat(notADigit.statusCode()).isEqualTo(400);
        assertThat(notADigit.body()).contains("choose a score from 1 to 5");

        byte[] secret = db.repositories().sharedSecrets().getOrCreate("csat-survey-link");
        String expired = new SurveyTokens(secret, Duration.ofDays(-1), Clock.systemUTC()).issue(conversation);
        HttpResponse<String> late = post(expired, "5");
        assertThat(late.statusCode()).isEqualTo(410);
        assertThat(late.body()).contains("expired");
        assertThat(get(link.replace(token, expired)).statusCode()).isEqualTo(410);
        assertThat(score(conversation)).isNull();
    }

    @Test
    void aRatingWhileTheDatabaseIsDownIsNotThankedForAndTheSameLinkWorksOnceItIsBack() throws Exception {
        String customer = "kim." + UUID.randomUUID() + "@example.com";
        smtp.setUser(customer, customer, "secret");
        long conversation = answeredAndClosed(agentOnEmail(), customer, "Change my plan");
        String link = linkIn(ratingMailTo(customer), conversation);
        String token = link.substring(link.indexOf("t=") + 2);

        try (TestDatabase.Outage outage = db.outage()) {
            HttpResponse<String> refused = post(token, "5");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("could not save your rating").doesNotContain("Thank you");
        }
        HttpResponse<String> rated = awaitRated(token);
        assertThat(rated.body()).contains("Your rating is saved");
        assertThat(score(conversation)).isEqualTo((short) 5);
    }

    private static ApiClient agentOnEmail() throws Exception {
        String login = "lin-" + UUID.randomUUID();
        long agentId = db.repositories()
                .agents()
                .create(login, "Lin", null, Map.of(), Map.of("email", 0), "test")
                .id();
        ApiClient agent = ApiClient.as(omniline, db.repositories(), login, AccountRole.agent, agentId);
        agent.call("PUT", "/api/me/digital", "{\"capacity\": 1}", 200);
        return agent;
    }

    /** The customer writes in, the agent answers and closes; returns the conversation. */
    private static long answeredAndClosed(ApiClient agent, String customer, String subject) throws Exception {
        long conversation = held(agent, customer, subject);
        agent.call("POST", "/api/conversations/" + conversation + "/messages", "{\"text\": \"Done.\"}", 201);
        close(agent, conversation);
        return conversation;
    }

    /** The customer writes in and the agent takes the conversation; returns it. */
    private static long held(ApiClient agent, String customer, String subject) throws Exception {
        MimeMessage question = new MimeMessage(Session.getInstance(new Properties()));
        question.setFrom(new InternetAddress(customer));
        question.setRecipients(jakarta.mail.Message.RecipientType.TO, SUPPORT);
        question.setSubject(subject, "UTF-8");
        question.setText("Could you help?", "UTF-8");
        question.saveChanges();
        mail.getUserManager().getUser(SUPPORT).deliver(question);

        long conversation = awaitHeld(agent);
        agent.call("POST", "/api/conversations/" + conversation + "/accept", null, 200);
        return conversation;
    }

    private static void close(ApiClient agent, long conversation) throws Exception {
        agent.call("POST", "/api/conversations/" + conversation + "/close", null, 200);
        agent.call("POST", "/api/conversations/" + conversation + "/wrap-up", "{\"disposition\": \"helped\"}", 200);
        agent.call("DELETE", "/api/me/digital", null, 204);
    }

    /** The mails SMTP took for {@code customer}, once there are at least {@code count}. */
    private static List<MimeMessage> awaitMails(String customer, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<MimeMessage> toCustomer = mailsTo(customer);
            if (toCustomer.size() >= count) {
                return toCustomer;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + count + " mails reached " + customer);
    }

    private static List<MimeMessage> mailsTo(String customer) {
        return List.of(smtp.getReceivedMessages()).stream()
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().equalsIgnoreCase(customer);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static void awaitQuestion(long conversation, java.util.function.Predicate<CsatSurveyRecord> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!until.test(question(conversation))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the rating mail's outbox row stayed " + question(conversation));
            }
            Thread.sleep(50);
        }
    }

    private static CsatSurveyRecord question(long conversation) {
        return db.dsl().fetchSingle(CSAT_SURVEY, CSAT_SURVEY.INTERACTION_ID.eq(conversation));
    }

    private static long awaitHeld(ApiClient agent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonNode held = agent.call("GET", "/api/me/conversations", null, 200);
            if (held.size() > 0) {
                return held.get(0).get("id").asLong();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the mail was not offered to the agent");
    }

    /** The second mail to the customer: the first is the agent's answer. */
    private static MimeMessage ratingMailTo(String customer) throws Exception {
        return awaitMails(customer, 2).get(1);
    }

    private static String linkIn(MimeMessage ratingMail, long conversation) throws Exception {
        assertThat(ratingMail.getSubject()).contains("[#" + conversation + "]");
        assertThat(ratingMail.getHeader("In-Reply-To")).isNotEmpty();
        String body = GreenMailUtil.getBody(ratingMail);
        Matcher link = LINK.matcher(body.replace("=\r\n", ""));
        assertThat(link.find()).as(body).isTrue();
        assertThat(link.group(1)).startsWith("http://127.0.0.1:" + omniline.httpPort() + "/rate?t=");
        return link.group(1);
    }

    private static HttpResponse<String> get(String link) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String token, String score) throws Exception {
        String form = "t=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&score=" + score;
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + omniline.httpPort() + "/rate"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts until the node's pool has its connections back; every answer before is a refusal, never a thanks. */
    private static HttpResponse<String> awaitRated(String token) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> answer = post(token, "5");
            if (answer.statusCode() != 503 || System.nanoTime() > deadline) {
                assertThat(answer.statusCode()).isEqualTo(200);
                return answer;
            }
            Thread.sleep(200);
        }
    }

    private static Short score(long conversation) {
        return db.dsl()
                .select(CSAT_SURVEY.SCORE)
                .from(CSAT_SURVEY)
                .where(CSAT_SURVEY.INTERACTION_ID.eq(conversation))
                .fetchOne(CSAT_SURVEY.SCORE);
    }

    /** The report over just this conversation's start, so the other tests' contacts stay out of it. */
    private static Report.Row emailRow(long conversation) {
        Instant started = db.repositories()
                .interactions()
                .findById(conversation)
                .orElseThrow()
                .startedAt()
                .toInstant();
        Report report = new ReportService(
                        db.repositories().reports(),
                        db.repositories().agents(),
                        new ReportSettings(ZoneOffset.UTC, 5, 20, 7),
                        Clock.systemUTC())
                .run(new ReportRequest(
                        started,
                        started.plusMillis(1),
                        ReportPeriod.Interval.DAY,
                        ReportPeriod.Grouping.CHANNEL,
                        List.of(Measure.CSAT, Measure.CSAT_RESPONSE_RATE)));
        return report.rows().stream()
                .filter(row -> row.key().equals("email"))
                .findFirst()
                .orElseThrow();
    }

    private static String base64(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
