package io.omniline.server.api;

import static io.omniline.db.jooq.Tables.CUSTOMER_IDENTITY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.bridge.channels.sms.SmsWebhook;
import io.omniline.bridge.testing.ChatClient;
import io.omniline.db.account.AccountRole;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A running node's chat gateway, agent REST API and SMS webhook, over real sockets and PostgreSQL. */
class DigitalApiTest {

    private static final String WEBHOOK_SECRET = "webhook-secret-for-tests-0123456789";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Omniline omniline;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        omniline = Omniline.start(TestConfigs.withSmsWebhook(TestConfigs.forDatabase(db.settings()), WEBHOOK_SECRET));
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
    }

    @Test
    void anAgentTakesAWebChatOverTheApiAndTheVisitorHearsThem() throws Exception {
        String login = "priya-" + UUID.randomUUID();
        long agentId = db.repositories()
                .agents()
                .create(login, "Priya", null, Map.of(), Map.of("chat", 0), "test")
                .id();
        ApiClient priya = ApiClient.as(omniline, db.repositories(), login, AccountRole.agent, agentId);
        priya.call("PUT", "/api/me/digital", "{\"capacity\": 2}", 200);

        ChatClient visitor = ChatClient.connect(omniline.chatPort().orElseThrow());
        visitor.send("{\"type\":\"hello\",\"name\":\"Noor\",\"email\":\"noor." + UUID.randomUUID() + "@example.com\"}");
        visitor.next("welcome");
        visitor.send("{\"type\":\"message\",\"id\":\"1\",\"text\":\"Can I change my delivery address?\"}");
        visitor.next("ack");

        JsonNode held = awaitHeld(priya);
        long conversation = held.get(0).get("id").asLong();
        priya.call("POST", "/api/conversations/" + conversation + "/accept", null, 200);
        assertThat(visitor.next("joined").toString()).contains("Priya");
        priya.call("POST", "/api/conversations/" + conversation + "/messages", "{\"text\": \"Sure, which one?\"}", 201);
        assertThat(visitor.next("message").toString()).contains("Sure, which one?");

        JsonNode transcript = priya.call("GET", "/api/conversations/" + conversation + "/messages", null, 200);
        assertThat(transcript)
                .extracting(message -> message.get("body").asText())
                .containsExactly("Can I change my delivery address?", "Sure, which one?");
        long customer = held.get(0).get("customerId").asLong();
        JsonNode timeline = priya.call("GET", "/api/customers/" + customer + "/timeline", null, 200);
        assertThat(timeline.get(0).at("/interaction/channel").asText()).isEqualTo("chat");
        assertThat(timeline.get(0).get("messages")).hasSize(2);

        JsonNode nowhere = priya.call(
                "POST", "/api/conversations/" + conversation + "/transfer", "{\"queue\": \"no such queue\"}", 400);
        assertThat(nowhere.get("error").asText())
                .startsWith("no agent answers queue \"no such queue\"; a chat may be transferred to ")
                .contains("chat");
        JsonNode tooLong = priya.call(
                "POST",
                "/api/conversations/" + conversation + "/messages",
                "{\"text\": \"" + "x".repeat(4_001) + "\"}",
                400);
        assertThat(tooLong.get("error").asText()).startsWith("a chat reply may have at most 4000 characters");

        JsonNode view = priya.call("GET", "/api/conversations/" + conversation, null, 200);
        assertThat(view.at("/customer/customer/displayName").asText()).isEqualTo("Noor");
        assertThat(view.at("/interaction/state").asText()).isEqualTo("active");

        priya.call("POST", "/api/conversations/" + conversation + "/close", null, 200);
        assertThat(visitor.next("ended").toString()).contains("agent");
        assertThat(priya.call("GET", "/api/me/conversations", null, 200)
                        .get(0)
                        .get("state")
                        .asText())
                .isEqualTo("wrap_up");
        JsonNode ended = priya.call(
                "POST",
                "/api/conversations/" + conversation + "/wrap-up",
                "{\"disposition\": \"address-changed\"}",
                200);
        assertThat(ended.get("state").asText()).isEqualTo("ended");
        priya.call("POST", "/api/conversations/" + conversation + "/accept", null, 409);
        priya.call("DELETE", "/api/me/digital", null, 204);
        assertThat(omniline.scrape())
                .contains("omniline_digital_messages_total{author=\"agent\",channel=\"chat\"}")
                .contains("omniline_digital_offers_total{channel=\"chat\"}")
                .contains("omniline_chat_ack_seconds");
    }

    @Test
    void anotherAgentCanNeitherReadNorAnswerAConversationTheyDoNotHold() throws Exception {
        AgentRepository agents = db.repositories().agents();
        String ownerLogin = "owner-" + UUID.randomUUID();
        String intruderLogin = "intruder-" + UUID.randomUUID();
        ApiClient owner = ApiClient.as(
                omniline,
                db.repositories(),
                ownerLogin,
                AccountRole.agent,
                agents.create(ownerLogin, "Owner", null, Map.of(), Map.of("chat", 0), "test")
                        .id());
        ApiClient intruder = ApiClient.as(
                omniline,
                db.repositories(),
                intruderLogin,
                AccountRole.agent,
                agents.create(intruderLogin, "Intruder", null, Map.of(), Map.of(), "test")
                        .id());
        owner.call("PUT", "/api/me/digital", "{\"capacity\": 5}", 200);
        ChatClient visitor = ChatClient.connect(omniline.chatPort().orElseThrow());
        visitor.hello(null, "Ola", null, "ola." + UUID.randomUUID() + "@example.com");
        visitor.next("welcome");
        long conversation = awaitHeld(owner).get(0).get("id").asLong();

        assertThat(intruder.call("POST", "/api/conversations/" + conversation + "/messages", "{\"text\": \"hi\"}", 409)
                        .toString())
                .contains("not held by agent");
        intruder.call("GET", "/api/conversations/" + conversation + "/messages", null, 403);
        intruder.call("GET", "/api/conversations/" + conversation, null, 403);
        long customer = awaitHeld(owner).get(0).get("customerId").asLong();
        intruder.call("GET", "/api/customers/" + customer + "/timeline", null, 403);
        owner.call("GET", "/api/customers/" + customer + "/timeline", null, 200);
        ApiClient.admin(omniline).call("GET", "/api/customers/" + customer + "/timeline", null, 200);
        intruder.call("GET", "/api/agents/1/conversations", null, 403);
        ApiClient.admin(omniline).call("POST", "/api/conversations/" + conversation + "/accept", null, 403);
        owner.call("DELETE", "/api/me/digital", null, 204);
    }

    @Test
    void aVisitorsTypedEmailIsOnlySuggestedAndTheCustomersHistoryOpensWhenTheAgentLinksAfterChecking()
            throws Exception {
        String email = "ruth." + UUID.randomUUID() + "@example.com";
        var customers = new io.omniline.db.customer.CustomerRepository(db.dsl());
        long ruth = customers
                .create(
                        "Ruth Okafor",
                        Map.of(),
                        java.util.List.of(new io.omniline.db.identity.IdentityNormalizer("US").email(email)))
                .id();
        long earlier = new io.omniline.db.interaction.InteractionRepository(db.dsl())
                .open(io.omniline.db.interaction.NewInteraction.inboundMessage(
                        io.omniline.db.interaction.Channel.email,
                        "<" + UUID.randomUUID() + "@example.com>",
                        ruth,
                        "My old order"))
                .id();
        String login = "lin-" + UUID.randomUUID();
        ApiClient lin = ApiClient.as(
                omniline,
                db.repositories(),
                login,
                AccountRole.agent,
                db.repositories()
                        .agents()
                        .create(login, "Lin", null, Map.of(), Map.of("chat", 0), "test")
                        .id());
        lin.call("PUT", "/api/me/digital", "{\"capacity\": 1}", 200);

        ChatClient visitor = ChatClient.connect(omniline.chatPort().orElseThrow());
        visitor.hello(null, "Ruth", null, email).next("welcome");
        long conversation = awaitHeld(lin).get(0).get("id").asLong();
        lin.call("POST", "/api/conversations/" + conversation + "/accept", null, 200);

        JsonNode view = lin.call("GET", "/api/conversations/" + conversation, null, 200);
        long visitorsOwn = view.at("/customer/customer/id").asLong();
        assertThat(visitorsOwn).isNotEqualTo(ruth);
        assertThat(view.at("/customer/identities")).isEmpty();
        assertThat(view.at("/customer/recentInteractions"))
                .extracting(i -> i.get("id").asLong())
                .doesNotContain(earlier);
        assertThat(view.get("identifiedBy").isNull()).isTrue();
        assertThat(view.at("/claims/0/value").asText()).isEqualTo(email);
        assertThat(view.at("/suggestion/customerId").asLong()).isEqualTo(ruth);
        assertThat(view.at("/suggestion/displayName").asText()).isEqualTo("Ruth Okafor");
        assertThat(view.at("/suggestion/verified").asBoolean()).isFalse();
        assertThat(view.at("/suggestion/matchedBy").toString()).contains("claimed email");
        assertThat(view.get("suggestion").has("identities")).isFalse();
        lin.call("GET", "/api/customers/" + ruth + "/timeline", null, 403);
        assertThat(lin.call(
                                "POST",
                                "/api/conversations/" + conversation + "/customer",
                                "{\"customerId\": " + ruth + "}",
                                400)
                        .toString())
                .contains("bad request body");

        JsonNode linked = lin.call(
                "POST",
                "/api/conversations/" + conversation + "/customer",
                "{\"link\": \"" + view.at("/suggestion/link").asText() + "\"}",
                200);
        assertThat(linked.at("/customer/customer/id").asLong()).isEqualTo(ruth);
        assertThat(linked.get("identifiedBy").asText()).contains("agent " + login);
        assertThat(linked.has("suggestion")).isFalse();
        assertThat(lin.call("GET", "/api/customers/" + ruth + "/timeline", null, 200))
                .extracting(entry -> entry.at("/interaction/id").asLong())
                .contains(conversation, earlier);
        assertThat(customers.findById(visitorsOwn).orElseThrow().mergedInto()).isEqualTo(ruth);
        assertThat(customers.identities(ruth)).hasSize(1);
        assertThat(db.dsl()
                        .fetchCount(
                                io.omniline.db.jooq.Tables.AUDIT_LOG,
                                io.omniline.db.jooq.Tables.AUDIT_LOG
                                        .ACTOR
                                        .eq(login)
                                        .and(io.omniline.db.jooq.Tables.AUDIT_LOG.ACTION.eq(
                                                "interaction.customer.linked"))))
                .isEqualTo(1);
        visitor.close();
        lin.call("DELETE", "/api/me/digital", null, 204);
    }

    @Test
    void aWebhookTextWithANulIsStoredAndNoAnswerShowsSql() throws Exception {
        SmsWebhook signer = new SmsWebhook(
                null, WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5), Clock.systemUTC());
        String id = UUID.randomUUID().toString();
        byte[] body = ("{\"id\":\"" + id + "\",\"from\":\"+14155550199\",\"text\":\"zero\\u0000byte\"}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> answer = post("/webhooks/sms", body, signer.sign(System.currentTimeMillis() / 1000, body));
        HttpResponse<String> again = post("/webhooks/sms", body, signer.sign(System.currentTimeMillis() / 1000, body));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(answer.body() + again.body())
                .doesNotContainIgnoringCase("sql")
                .doesNotContain("Exception");
        assertThat(db.dsl()
                        .select(io.omniline.db.jooq.Tables.MESSAGE.BODY)
                        .from(io.omniline.db.jooq.Tables.MESSAGE)
                        .where(io.omniline.db.jooq.Tables.MESSAGE.EXTERNAL_ID.eq("webhook:" + id))
                        .fetch(io.omniline.db.jooq.Tables.MESSAGE.BODY))
                .containsExactly("zerobyte");
    }

    @Test
    void theSmsWebhookTakesSignedPostsOnlyAndExplicitMergesAreAudited() throws Exception {
        SmsWebhook signer = new SmsWebhook(
                null, WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5), Clock.systemUTC());
        String phone = "+1415555" + String.format("%04d", (int) (Math.random() * 10_000));
        byte[] body = ("{\"id\":\"" + UUID.randomUUID() + "\",\"from\":\"" + phone + "\",\"text\":\"hello by SMS\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(post("/webhooks/sms", body, "t=1,v1=00").statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/sms", body, signer.sign(System.currentTimeMillis() / 1000, body))
                        .statusCode())
                .isEqualTo(200);

        long smsCustomer = db.dsl()
                .select(CUSTOMER_IDENTITY.CUSTOMER_ID)
                .from(CUSTOMER_IDENTITY)
                .where(CUSTOMER_IDENTITY.VALUE.eq(phone))
                .fetchSingle(CUSTOMER_IDENTITY.CUSTOMER_ID);
        long chatCustomer = new io.omniline.db.customer.CustomerRepository(db.dsl())
                .create("Same person", Map.of(), java.util.List.of())
                .id();
        String login = "sam-" + UUID.randomUUID();
        ApiClient sam = ApiClient.as(omniline, db.repositories(), login, AccountRole.supervisor, null);
        JsonNode merged = sam.call(
                "POST",
                "/api/customers/" + smsCustomer + "/merge",
                "{\"absorb\": " + chatCustomer + ", \"reason\": \"same person, confirmed on the phone\"}",
                200);
        assertThat(merged.get("survivorId").asLong()).isEqualTo(smsCustomer);
        assertThat(db.dsl()
                        .fetchCount(
                                io.omniline.db.jooq.Tables.AUDIT_LOG,
                                io.omniline.db.jooq.Tables.AUDIT_LOG
                                        .ACTOR
                                        .eq(login)
                                        .and(io.omniline.db.jooq.Tables.AUDIT_LOG.ACTION.eq("customer.merge"))))
                .isEqualTo(1);
    }

    /**
     * Defects: size=-5 gave a 500, size=abc Java's "For input string"; capacity 2.5 was stored as 2
     * and {} changed nothing with a 200; a merge took an empty reason; an agent who does not exist
     * held no conversations rather than not existing.
     */
    @Test
    void numbersReasonsAndAgentsThatAreNotAcceptedAreRefusedInWords() throws Exception {
        long customer = new io.omniline.db.customer.CustomerRepository(db.dsl())
                .create("Paged person", Map.of(), java.util.List.of())
                .id();
        long other = new io.omniline.db.customer.CustomerRepository(db.dsl())
                .create("Maybe the same", Map.of(), java.util.List.of())
                .id();
        ApiClient sue =
                ApiClient.as(omniline, db.repositories(), "sue-" + UUID.randomUUID(), AccountRole.supervisor, null);
        String timeline = "/api/customers/" + customer + "/timeline";
        sue.call("GET", timeline + "?size=100", null, 200);
        sue.call("GET", timeline, null, 200);
        for (String size : new String[] {"-5", "0", "101", "abc", "99999999999"}) {
            JsonNode refused = sue.call("GET", timeline + "?size=" + size, null, 400);
            assertThat(refused.get("error").asText())
                    .as(size)
                    .isEqualTo("size is a number of entries, a whole number from 1 to 100");
            assertThat(refused.get("field").asText()).isEqualTo("size");
        }
        for (String before : new String[] {"abc", "-1", "0", "99999999999999999999"}) {
            assertThat(sue.call("GET", timeline + "?before=" + before, null, 400)
                            .get("error")
                            .asText())
                    .as(before)
                    .isEqualTo("before is the id of the last entry of the previous page, a whole number from 1 up");
        }

        for (String reason : new String[] {"\"\"", "\"   \"", "null", "\"" + "r".repeat(501) + "\""}) {
            JsonNode refused = sue.call(
                    "POST",
                    "/api/customers/" + customer + "/merge",
                    "{\"absorb\": " + other + ", \"reason\": " + reason + "}",
                    400);
            assertThat(refused.get("field").asText()).isEqualTo("reason");
            assertThat(refused.get("error").asText()).contains("1 to 500 characters");
        }
        assertThat(db.repositories().customers().findById(other).orElseThrow().mergedInto())
                .isNull();

        assertThat(sue.call("GET", "/api/agents/-1/conversations", null, 404)
                        .get("error")
                        .asText())
                .isEqualTo("agent -1 does not exist");

        String login = "cap-" + UUID.randomUUID();
        long agentId = db.repositories()
                .agents()
                .create(login, "Cap", null, Map.of(), Map.of("chat", 0), "test")
                .id();
        ApiClient cap = ApiClient.as(omniline, db.repositories(), login, AccountRole.agent, agentId);
        sue.call("GET", "/api/agents/" + agentId + "/conversations", null, 200);
        assertThat(cap.call("PUT", "/api/me/digital", "{\"capacity\": 2.5}", 400)
                        .get("error")
                        .asText())
                .isEqualTo("bad request body: field \"capacity\" must be a whole number");
        assertThat(cap.call("PUT", "/api/me/digital", "{\"capacity\": 99999999999}", 400)
                        .get("error")
                        .asText())
                .isEqualTo(
                        "bad request body: field \"capacity\" must be a whole number from -2147483648 to 2147483647");
        JsonNode empty = cap.call("PUT", "/api/me/digital", "{}", 400);
        assertThat(empty.get("field").asText()).isEqualTo("capacity");
        assertThat(empty.get("error").asText()).contains("capacity");
    }

    private static JsonNode awaitHeld(ApiClient agent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode held = agent.call("GET", "/api/me/conversations", null, 200);
            if (held.size() > 0) {
                return held;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing was offered");
    }

    private static HttpResponse<String> post(String path, byte[] body, String signature) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + omniline.httpPort() + path))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .header(SmsWebhook.SIGNATURE_HEADER, signature)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
