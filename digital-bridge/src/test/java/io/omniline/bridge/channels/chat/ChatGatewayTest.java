package io.omniline.bridge.channels.chat;

import static io.omniline.db.jooq.Tables.CSAT_SURVEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.bridge.conversations.AgentDesk;
import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.testing.Bridge;
import io.omniline.bridge.testing.ChatClient;
import io.omniline.db.Database;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.customer.Customer;
import io.omniline.db.digital.Offer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.Message;
import io.omniline.db.testing.FreezingProxy;
import io.omniline.db.testing.TestDatabase;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChatGatewayTest {

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private Bridge bridge;
    private ChatGateway gateway;
    private final VisitorTokens tokens = new VisitorTokens(new byte[32], Duration.ofDays(1), Clock.systemUTC());

    @BeforeEach
    void start() throws Exception {
        bridge = new Bridge(db.repositories());
        gateway = ChatGateway.start(
                ChatGatewaySettings.defaults("127.0.0.1", 0), bridge.chat, tokens, bridge.events, bridge.registry);
    }

    @AfterEach
    void stop() {
        gateway.close();
        bridge.close();
    }

    @Test
    void aVisitorWhoTypesAKnownPhoneStaysACustomerOfTheirOwnUntilACodeProvesItThenTalksToAnAgent() throws Exception {
        Customer dana = bridge.customers.create("Dana", Map.of(), List.of(bridge.normalizer.phone("+1 415 555 0134")));
        long danasEarlierChat = bridge.interactions
                .open(new io.omniline.db.interaction.NewInteraction(
                        Channel.chat,
                        io.omniline.db.interaction.Direction.inbound,
                        InteractionState.queued,
                        dana.id(),
                        "earlier",
                        null,
                        null,
                        Map.of()))
                .id();
        long agent = bridge.agentSignedIn(3, Bridge.CHAT_QUEUE);
        AgentDesk desk = bridge.desk();

        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            JsonNode welcome = visitor.hello(null, "Dana", "(415) 555-0134", "eve@example.com")
                    .next("welcome");
            assertThat(welcome.path("state").asText()).isEqualTo("waiting");
            assertThat(welcome.path("claims").toString())
                    .contains("\"to\":\"•••0134\"")
                    .contains("\"verified\":false");
            Interaction chat = bridge.interactions
                    .findByExternalId(Channel.chat, welcome.path("conversation").asText())
                    .orElseThrow();
            assertThat(chat.customerId()).isNotEqualTo(dana.id());
            assertThat(bridge.customers.identities(chat.customerId())).isEmpty();
            assertThat(bridge.customers.identities(dana.id()))
                    .extracting(identity -> identity.identity().value())
                    .containsExactly("+14155550134");
            assertThat(bridge.customers.findByIdentity(bridge.normalizer.email("eve@example.com")))
                    .isEmpty();
            assertThat(chat.metadata().get("claims"))
                    .isEqualTo(Map.of("phone", "+14155550134", "email", "eve@example.com"));

            JsonNode sent = visitor.verify("phone").next("code-sent");
            assertThat(sent.path("to").asText()).isEqualTo("•••0134");
            String code = bridge.lastCodeTo("phone:+14155550134");
            JsonNode wrong =
                    visitor.code(code.equals("000000") ? "111111" : "000000").next("error");
            assertThat(wrong.path("code").asText()).isEqualTo("wrong_code");
            assertThat(wrong.path("message").asText()).contains("4 tries left");
            assertThat(bridge.interactions.findById(chat.id()).orElseThrow().customerId())
                    .isNotEqualTo(dana.id());

            JsonNode verified = visitor.code(code).next("verified");
            assertThat(verified.path("claims").toString())
                    .contains("\"kind\":\"phone\"")
                    .contains("\"verified\":true");
            Interaction joined = bridge.interactions.findById(chat.id()).orElseThrow();
            assertThat(joined.customerId()).isEqualTo(dana.id());
            assertThat(bridge.customers
                            .findById(chat.customerId())
                            .orElseThrow()
                            .mergedInto())
                    .isEqualTo(dana.id());
            assertThat(bridge.customers.findByIdentity(bridge.normalizer.email("eve@example.com")))
                    .isEmpty();
            assertThat(bridge.customers.identities(dana.id()))
                    .singleElement()
                    .satisfies(phone -> assertThat(phone.verified()).isTrue());
            assertThat(new io.omniline.db.audit.AuditLog(db.dsl()).forEntity("interaction", chat.id()))
                    .extracting(entry -> entry.action())
                    .contains("interaction.customer.proved");
            assertThat(bridge.heard)
                    .anyMatch(event -> event instanceof ConversationEvent.CustomerChanged changed
                            && changed.interactionId() == chat.id());
            assertThat(bridge.interactions
                            .findById(danasEarlierChat)
                            .orElseThrow()
                            .customerId())
                    .isEqualTo(dana.id());

            JsonNode ack = visitor.say("m-1", "Hi, my order is late").next("ack");
            assertThat(ack.path("ref").asText()).isEqualTo("m-1");
            assertThat(bridge.messages.transcript(chat.id()))
                    .extracting(Message::body)
                    .containsExactly("Hi, my order is late");

            Offer offer = offerFor(chat.id());
            assertThat(offer.agentId()).isEqualTo(agent);
            desk.accept(chat.id(), agent);
            assertThat(visitor.next("joined").path("agent").asText()).startsWith("Agent");

            desk.typing(chat.id(), agent);
            assertThat(visitor.next("typing").path("author").asText()).isEqualTo("agent");
            desk.reply(chat.id(), agent, "Let me check that for you");
            JsonNode reply = nextFrom(visitor, "agent");
            assertThat(reply.path("text").asText()).isEqualTo("Let me check that for you");

            desk.close(chat.id(), agent);
            assertThat(visitor.next("ended").path("by").asText()).isEqualTo("agent");
            assertThat(bridge.interactions.findById(chat.id()).orElseThrow().state())
                    .isEqualTo(InteractionState.wrap_up);
        }
    }

    @Test
    void aVisitorsTypingReachesTheServingAgentAtMostOnceEveryTwoSecondsAndIsNeverStored() throws Exception {
        long agent = bridge.agentSignedIn(3, Bridge.CHAT_QUEUE);
        AgentDesk desk = bridge.desk();
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            JsonNode welcome = visitor.hello(null, "Tara", null, null).next("welcome");
            assertThat(welcome.path("maxChars").asInt())
                    .as("the widget counts down to the gateway's own limit")
                    .isEqualTo(4_000);
            long chat = bridge.interactions
                    .findByExternalId(Channel.chat, welcome.path("conversation").asText())
                    .orElseThrow()
                    .id();
            visitor.say("m-1", "Hello?").next("ack");
            desk.accept(offerFor(chat).interactionId(), agent);
            visitor.next("joined");
            try (ChatClient secondTab = ChatClient.connect(gateway.port())
                    .hello(welcome.path("token").asText(), null, null, null)) {
                secondTab.next("welcome");
                var before = bridge.interactions.findById(chat).orElseThrow();
                long started = System.nanoTime();
                for (int i = 0; i < 500; i++) {
                    visitor.send("{\"type\":\"typing\"}");
                    secondTab.send("{\"type\":\"typing\"}");
                }
                // Each socket's frames are handled in order: once these are acknowledged, every typing frame was.
                visitor.say("m-2", "Still there?").next("ack");
                secondTab.say("m-3", "Hello from my phone").next("ack");
                long elapsedSeconds = (System.nanoTime() - started) / 1_000_000_000L;

                List<ConversationEvent.Typing> heard = typingHeard(chat);
                assertThat(heard).isNotEmpty().allMatch(typing -> typing.agentId() == agent);
                assertThat(heard.size())
                        .as("1,000 frames from two tabs in %d s pass at most once per two seconds", elapsedSeconds)
                        .isLessThanOrEqualTo(1 + (int) (elapsedSeconds / 2) + 1);
                assertThat(bridge.messages.transcript(chat))
                        .extracting(Message::body)
                        .as("typing is never stored")
                        .containsExactly("Hello?", "Still there?", "Hello from my phone");
                var after = bridge.interactions.findById(chat).orElseThrow();
                assertThat(after.metadata()).isEqualTo(before.metadata());
                assertThat(bridge.registry.find("omniline_chat_refused_total").counters())
                        .as("dropped typing frames are not refusals: a widget sends them as the visitor types")
                        .allMatch(refused -> refused.count() == 0);
            }
        }
    }

    @Test
    void aVisitorTypingInAChatNobodyServesYetTellsNoOne() throws Exception {
        bridge.agentSignedIn(3, Bridge.CHAT_QUEUE);
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            String conversation = visitor.hello(null, "Uma", null, null)
                    .next("welcome")
                    .path("conversation")
                    .asText();
            long chat = bridge.interactions
                    .findByExternalId(Channel.chat, conversation)
                    .orElseThrow()
                    .id();
            visitor.say("m-1", "Hello?").next("ack");
            offerFor(chat);
            visitor.send("{\"type\":\"typing\"}");
            visitor.say("m-2", "Anyone?").next("ack");
            assertThat(typingHeard(chat))
                    .as("offered, not taken: no agent to tell")
                    .isEmpty();
        }
    }

    private List<ConversationEvent.Typing> typingHeard(long interactionId) {
        return bridge.heard.stream()
                .filter(event -> event instanceof ConversationEvent.Typing typing
                        && typing.interactionId() == interactionId
                        && typing.author() == AuthorKind.customer)
                .map(ConversationEvent.Typing.class::cast)
                .toList();
    }

    @Test
    void codesAreHashedExpireAllowAFewTriesAndOnlyAFewGoToOnePhoneAnHour() throws Exception {
        restartWith(new ChatGatewaySettings(
                "127.0.0.1",
                0,
                65_536,
                4_000,
                100,
                100,
                100,
                100,
                50,
                Duration.ofMinutes(1),
                10,
                20,
                Duration.ofMinutes(2)));
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            visitor.hello(null, null, "+1 415 555 0177", null).next("welcome");
            visitor.verify("email");
            assertThat(visitor.next("error").path("code").asText()).isEqualTo("not_claimed");

            visitor.verify("phone").next("code-sent");
            String first = bridge.lastCodeTo("phone:+14155550177");
            assertThat(db.dsl()
                            .select(io.omniline.db.jooq.Tables.VERIFICATION_CODE.CODE_HASH)
                            .from(io.omniline.db.jooq.Tables.VERIFICATION_CODE)
                            .fetchSingle()
                            .value1())
                    .hasSize(32)
                    .isNotEqualTo(first.getBytes(StandardCharsets.US_ASCII));
            bridge.clock.advance(Duration.ofMinutes(11));
            assertThat(visitor.code(first).next("error").path("code").asText()).isEqualTo("code_expired");

            visitor.verify("phone").next("code-sent");
            String second = bridge.lastCodeTo("phone:+14155550177");
            String wrong = second.equals("999999") ? "888888" : "999999";
            for (int i = 0; i < 5; i++) {
                assertThat(visitor.code(wrong).next("error").path("code").asText())
                        .isEqualTo("wrong_code");
            }
            assertThat(visitor.code(second).next("error").path("code").asText()).isEqualTo("too_many_tries");

            for (int i = 0; i < 3; i++) {
                visitor.verify("phone").next("code-sent");
            }
            assertThat(visitor.verify("phone").next("error").path("code").asText())
                    .isEqualTo("too_many_codes");
            bridge.clock.advance(Duration.ofMinutes(61));
            visitor.verify("phone").next("code-sent");
            visitor.code(bridge.lastCodeTo("phone:+14155550177")).next("verified");
        }
    }

    @Test
    void startingChatsIsLimitedPerAddressButPickingOneUpAgainIsNot() throws Exception {
        restartWith(new ChatGatewaySettings(
                "127.0.0.1",
                0,
                65_536,
                4_000,
                2,
                10,
                20,
                60,
                50,
                Duration.ofMinutes(1),
                0.001,
                3,
                Duration.ofMinutes(2)));
        String token = null;
        for (int i = 0; i < 3; i++) {
            try (ChatClient visitor = ChatClient.connect(gateway.port())) {
                token = visitor.hello(null, null, null, null)
                        .next("welcome")
                        .path("token")
                        .asText();
            }
        }
        try (ChatClient fourth = ChatClient.connect(gateway.port())) {
            JsonNode refused = fourth.hello(null, null, null, null).next("error");
            assertThat(refused.path("code").asText()).isEqualTo("too_many_chats");
            assertThat(refused.path("message").asText()).contains("try again in");
        }
        try (ChatClient returning = ChatClient.connect(gateway.port())) {
            assertThat(returning
                            .hello(token, null, null, null)
                            .next("welcome")
                            .path("token")
                            .asText())
                    .isNotBlank();
        }
        assertThat(db.dsl().fetchCount(io.omniline.db.jooq.Tables.INTERACTION)).isEqualTo(3);
    }

    @Test
    void aWaitingChatWhoseVisitorLeftAndDidNotComeBackEndsAsAbandonedButOneWithItsVisitorWaits() throws Exception {
        String gone;
        String back;
        String token;
        try (ChatClient leaving = ChatClient.connect(gateway.port());
                ChatClient returning = ChatClient.connect(gateway.port())) {
            gone = leaving.hello(null, null, null, null)
                    .next("welcome")
                    .path("conversation")
                    .asText();
            JsonNode welcome = returning.hello(null, null, null, null).next("welcome");
            back = welcome.path("conversation").asText();
            token = welcome.path("token").asText();
        }
        ChatClient staying = ChatClient.connect(gateway.port());
        String waiting = staying.hello(null, null, null, null)
                .next("welcome")
                .path("conversation")
                .asText();
        io.omniline.bridge.testing.Eventually.await(
                () -> gateway.visitorsHere(), here -> here == 1, Duration.ofSeconds(5));

        bridge.clock.advance(Duration.ofSeconds(90));
        gateway.upkeep();
        try (ChatClient again = ChatClient.connect(gateway.port())) {
            again.hello(token, null, null, null).next("welcome");
        }
        bridge.clock.advance(Duration.ofSeconds(60));
        gateway.upkeep();

        Interaction abandoned =
                bridge.interactions.findByExternalId(Channel.chat, gone).orElseThrow();
        assertThat(abandoned.state()).isEqualTo(InteractionState.ended);
        assertThat(abandoned.outcome()).isEqualTo(InteractionOutcome.abandoned_in_queue);
        assertThat(bridge.interactions
                        .findByExternalId(Channel.chat, back)
                        .orElseThrow()
                        .state())
                .isEqualTo(InteractionState.queued);
        assertThat(bridge.interactions
                        .findByExternalId(Channel.chat, waiting)
                        .orElseThrow()
                        .state())
                .isEqualTo(InteractionState.queued);
        assertThat(bridge.heard)
                .anyMatch(event -> event instanceof ConversationEvent.Closed closed
                        && closed.interactionId() == abandoned.id()
                        && closed.by() == AuthorKind.customer);
        assertThat(bridge.registry.counter("omniline_chat_abandoned_total").count())
                .isEqualTo(1);

        long agent = bridge.agentSignedIn(5, Bridge.CHAT_QUEUE);
        io.omniline.bridge.testing.Eventually.await(
                () -> new io.omniline.db.digital.DigitalQueueRepository(db.dsl()).heldBy(agent),
                held -> held.size() == 2,
                Duration.ofSeconds(5));
        assertThat(new io.omniline.db.digital.DigitalQueueRepository(db.dsl()).heldBy(agent))
                .extracting(Interaction::externalId)
                .containsExactlyInAnyOrder(back, waiting);
        staying.close();
    }

    @Test
    void eightTabsSendingOneClientIdAtOnceStoreOneCopy() throws Exception {
        String token;
        try (ChatClient first = ChatClient.connect(gateway.port())) {
            token = first.hello(null, null, null, null)
                    .next("welcome")
                    .path("token")
                    .asText();
        }
        List<ChatClient> tabs = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ChatClient tab = ChatClient.connect(gateway.port());
            tab.hello(token, null, null, null).next("welcome");
            tabs.add(tab);
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        List<Long> stored = io.omniline.bridge.testing.AllAtOnce.run(
                8,
                () -> tabs.get(next.getAndIncrement())
                        .say("same-id", "said once")
                        .next("ack")
                        .path("id")
                        .asLong());

        assertThat(stored).hasSize(8).containsOnly(stored.getFirst());
        assertThat(db.dsl().fetchCount(io.omniline.db.jooq.Tables.MESSAGE)).isEqualTo(1);
        tabs.forEach(ChatClient::close);
    }

    @Test
    void aReloadResumesTheSameConversationWithItsTranscriptAndAResendIsStoredOnce() throws Exception {
        String token;
        String conversation;
        try (ChatClient firstPage = ChatClient.connect(gateway.port())) {
            JsonNode welcome =
                    firstPage.hello(null, "Sam", null, "sam@example.com").next("welcome");
            token = welcome.path("token").asText();
            conversation = welcome.path("conversation").asText();
            firstPage.say("a", "first").next("ack");
            firstPage.say("b", "second").next("ack");
        }

        try (ChatClient reloaded = ChatClient.connect(gateway.port())) {
            JsonNode welcome = reloaded.hello(token, null, null, null).next("welcome");
            assertThat(welcome.path("conversation").asText()).isEqualTo(conversation);
            assertThat(welcome.path("transcript"))
                    .extracting(line -> line.path("text").asText())
                    .containsExactly("first", "second");

            JsonNode again = reloaded.say("b", "second").next("ack");
            assertThat(again.path("id").asLong())
                    .isEqualTo(welcome.path("transcript").get(1).path("id").asLong());
        }
        long interaction = bridge.interactions
                .findByExternalId(Channel.chat, conversation)
                .orElseThrow()
                .id();
        assertThat(bridge.messages.transcript(interaction)).hasSize(2);
    }

    @Test
    void aForgedTokenNeverOpensSomeoneElsesChat() {
        String victim;
        try (ChatClient first = ChatClient.connect(gateway.port())) {
            victim = first.hello(null, "Victim", null, null)
                    .next("welcome")
                    .path("conversation")
                    .asText();
            first.say("x", "my secret address").next("ack");
        }
        String forged = victim + "." + (System.currentTimeMillis() / 1000) + ".bm90LWEtc2lnbmF0dXJl";

        try (ChatClient attacker = ChatClient.connect(gateway.port())) {
            JsonNode welcome = attacker.hello(forged, null, null, null).next("welcome");
            assertThat(welcome.path("conversation").asText()).isNotEqualTo(victim);
            assertThat(welcome.path("transcript")).isEmpty();
        }
    }

    @Test
    void aTenMegabyteMessageClosesTheSocketWith1009AndNothingIsStored() {
        String conversation;
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            conversation = visitor.hello(null, null, null, null)
                    .next("welcome")
                    .path("conversation")
                    .asText();
            visitor.socket()
                    .sendText(ChatClient.json("type", "message", "id", "big", "text", "x".repeat(10 << 20)), true);
            assertThat(visitor.closeCode()).isEqualTo(1009);
        }
        long interaction = bridge.interactions
                .findByExternalId(Channel.chat, conversation)
                .orElseThrow()
                .id();
        assertThat(bridge.messages.transcript(interaction)).isEmpty();
    }

    @Test
    void aMessageOverTheCharacterLimitIsRefusedByNameAndTheSocketStaysUsable() {
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            visitor.hello(null, null, null, null).next("welcome");

            JsonNode refused = visitor.say("long", "y".repeat(4_001)).next("error");
            assertThat(refused.path("code").asText()).isEqualTo("too_long");
            assertThat(refused.path("ref").asText()).isEqualTo("long");
            assertThat(visitor.say("short", "fine").next("ack").path("ref").asText())
                    .isEqualTo("short");
        }
    }

    @Test
    void aNameOverTwoHundredCharactersIsRefusedInWordsNothingIsStoredAndTheVisitorCanStartAgain() {
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            JsonNode refused =
                    visitor.hello(null, "N".repeat(5_000), null, null).next("error");
            assertThat(refused.path("code").asText()).isEqualTo("invalid_contact");
            assertThat(refused.path("message").asText()).isEqualTo("a name can be at most 200 characters; shorten it");

            String name = "😀".repeat(200);
            String conversation = visitor.hello(null, name, null, null)
                    .next("welcome")
                    .path("conversation")
                    .asText();
            Interaction chat = bridge.interactions
                    .findByExternalId(Channel.chat, conversation)
                    .orElseThrow();
            assertThat(chat.metadata()).containsEntry("visitor_name", name);
            assertThat(bridge.customers
                            .findById(chat.customerId())
                            .orElseThrow()
                            .displayName())
                    .isEqualTo(name);
        }
    }

    @Test
    void invalidUtf8ClosesTheSocketWith1007() throws Exception {
        try (Socket raw = upgraded()) {
            OutputStream out = raw.getOutputStream();
            InputStream in = raw.getInputStream();

            byte[] invalid = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
            out.write(maskedFrame(0x81, invalid));
            out.flush();

            assertThat(closeCode(in)).isEqualTo(1007);
        }
    }

    @Test
    void aFloodIsRateLimitedAndEveryAcknowledgedMessageIsStored() throws Exception {
        String conversation;
        List<JsonNode> frames;
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            conversation = visitor.hello(null, null, null, null)
                    .next("welcome")
                    .path("conversation")
                    .asText();
            for (int i = 0; i < 60; i++) {
                visitor.say("f" + i, "flood " + i);
            }
            frames = visitor.drain(Duration.ofSeconds(2));
        }
        List<String> acked = frames.stream()
                .filter(f -> f.path("type").asText().equals("ack"))
                .map(f -> f.path("ref").asText())
                .toList();
        List<String> limited = frames.stream()
                .filter(f -> f.path("code").asText().equals("rate_limited"))
                .map(f -> f.path("ref").asText())
                .toList();
        long interaction = bridge.interactions
                .findByExternalId(Channel.chat, conversation)
                .orElseThrow()
                .id();
        List<String> stored = bridge.messages.transcript(interaction).stream()
                .map(Message::externalId)
                .toList();

        assertThat(limited).isNotEmpty();
        assertThat(acked.size() + limited.size()).isEqualTo(60);
        assertThat(stored).containsExactlyElementsOf(acked);
    }

    @Test
    void tooManySocketsFromOneAddressAreClosedOnArrival() throws Exception {
        restartWith(new ChatGatewaySettings(
                "127.0.0.1", 0, 65_536, 4_000, 2, 10, 20, 60, 2, Duration.ofMinutes(1), 10, 20, Duration.ofMinutes(2)));
        try (ChatClient one = ChatClient.connect(gateway.port());
                ChatClient two = ChatClient.connect(gateway.port())) {
            one.hello(null, null, null, null).next("welcome");
            two.hello(null, null, null, null).next("welcome");
            assertThat(HttpClient.newHttpClient()
                            .newWebSocketBuilder()
                            .buildAsync(
                                    URI.create("ws://127.0.0.1:" + gateway.port() + ChatGateway.PATH),
                                    new java.net.http.WebSocket.Listener() {})
                            .handle((socket, error) -> error)
                            .get())
                    .isNotNull();
        }
    }

    @Test
    void htmlIsStoredAndSentAsTextNeverAsMarkup() {
        long agent = bridge.agentSignedIn(1, Bridge.CHAT_QUEUE);
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            String conversation = visitor.hello(null, "<img src=x onerror=alert(1)>", null, null)
                    .next("welcome")
                    .path("conversation")
                    .asText();
            visitor.say("h", "<script>alert('hi')</script>").next("ack");
            Interaction chat = bridge.interactions
                    .findByExternalId(Channel.chat, conversation)
                    .orElseThrow();
            offerFor(chat.id());
            bridge.desk().accept(chat.id(), agent);

            Message stored = bridge.messages.transcript(chat.id()).getFirst();
            assertThat(stored.body()).isEqualTo("<script>alert('hi')</script>");
            assertThat(stored.contentType()).isEqualTo("text/plain");
            assertThat(chat.metadata()).containsEntry("visitor_name", "<img src=x onerror=alert(1)>");
        }
    }

    @Test
    void theWidgetIsServedFromTheGatewaysPortAndSetsTextNeverHtml() throws Exception {
        HttpResponse<String> script = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/widget.js"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/nope"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(script.body()).contains("textContent").doesNotContain("innerHTML");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void aVisitorLeavingBeforeAnAgentCameIsAnAbandonedChat() {
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            String conversation = visitor.hello(null, null, null, null)
                    .next("welcome")
                    .path("conversation")
                    .asText();
            visitor.send(ChatClient.json("type", "end"));
            assertThat(visitor.next("ended").path("by").asText()).isEqualTo("customer");
            Interaction chat = bridge.interactions
                    .findByExternalId(Channel.chat, conversation)
                    .orElseThrow();
            assertThat(chat.outcome()).isEqualTo(InteractionOutcome.abandoned_in_queue);

            JsonNode refused = visitor.say("late", "anyone?").next("error");
            assertThat(refused.path("code").asText()).isEqualTo("closed");
        }
    }

    /**
     * After a chat an agent answered has ended, the widget asks for a rating: it lands on the same
     * interaction (the survey and the interaction's metadata, which the customer's timeline shows),
     * once; a rating while the chat goes on, or out of range, is refused.
     */
    @Test
    void theVisitorRatesTheChatOnceItHasEndedAndTheRatingLandsOnItsInteraction() {
        long agent = bridge.agentSignedIn(1, Bridge.CHAT_QUEUE);
        AgentDesk desk = bridge.desk();
        long chat;
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            String conversation = visitor.hello(null, "Rae", null, null)
                    .next("welcome")
                    .path("conversation")
                    .asText();
            chat = bridge.interactions
                    .findByExternalId(Channel.chat, conversation)
                    .orElseThrow()
                    .id();
            offerFor(chat);
            desk.accept(chat, agent);
            visitor.send("{\"type\":\"rate\",\"score\":5}");
            assertThat(visitor.next("error").path("code").asText()).isEqualTo("not_ended");

            desk.close(chat, agent);
            visitor.next("ended");
            visitor.send("{\"type\":\"rate\",\"score\":9}");
            assertThat(visitor.next("error").path("code").asText()).isEqualTo("bad_rating");
            for (String notWhole : List.of("4.7", "4.0", "\"4\"", "\"\"", "99999999999", "true", "[4]")) {
                visitor.send("{\"type\":\"rate\",\"score\":" + notWhole + "}");
                JsonNode refused = visitor.next("error");
                assertThat(refused.path("code").asText()).as(notWhole).isEqualTo("bad_rating");
                assertThat(refused.path("message").asText())
                        .as(notWhole)
                        .isEqualTo("a rating is a whole number from 1 to 5");
            }
            visitor.send("{\"type\":\"rate\",\"score\":4}");
            assertThat(visitor.next("rated").path("score").asInt()).isEqualTo(4);
            visitor.send("{\"type\":\"rate\",\"score\":1}");
            JsonNode second = visitor.next("error");
            assertThat(second.path("code").asText()).isEqualTo("already_rated");
            assertThat(second.path("message").asText())
                    .isEqualTo("you rated this chat 4 of 5 already; your first rating stands");
        }
        var survey = db.dsl()
                .selectFrom(CSAT_SURVEY)
                .where(CSAT_SURVEY.INTERACTION_ID.eq(chat))
                .fetchSingle();
        assertThat(survey.getVia()).isEqualTo("chat");
        assertThat(survey.getOfferedAt())
                .as("offered when the agent closed the chat")
                .isNotNull();
        assertThat(survey.getScore()).as("the first rating stands").isEqualTo((short) 4);
        assertThat(bridge.interactions.findById(chat).orElseThrow().metadata()).containsKey("csat");
    }

    /**
     * A transfer goes only to a queue someone answers (the chat's own, or one an active agent
     * belongs to): any other name is refused in words that list them, and the chat stays with
     * the agent, untouched.
     */
    @Test
    void aChatIsTransferredOnlyToAQueueSomeoneAnswersAndARefusalNamesThoseQueues() {
        long first = bridge.agentSignedIn(1, Bridge.CHAT_QUEUE);
        long billing = bridge.agentSignedIn(1, "billing");
        long retired = bridge.agentSignedIn(1, "retired-queue");
        var gone = bridge.agents.findById(retired).orElseThrow();
        bridge.agents.update(
                gone.id(), gone.displayName(), gone.sipInterface(), gone.skills(), gone.queues(), false, "test");
        AgentDesk desk = bridge.desk();
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            String conversation = visitor.hello(null, "Lee", null, null)
                    .next("welcome")
                    .path("conversation")
                    .asText();
            long chat = bridge.interactions
                    .findByExternalId(Channel.chat, conversation)
                    .orElseThrow()
                    .id();
            offerFor(chat);
            desk.accept(chat, first);
            visitor.say("q", "billing please").next("ack");

            for (String unknown : List.of("no such queue", "../x", "retired-queue", "Billing")) {
                assertThatThrownBy(() -> desk.transfer(chat, first, unknown))
                        .as(unknown)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("no agent answers queue \"" + unknown
                                + "\"; a chat may be transferred to billing, chat");
            }
            Interaction kept = bridge.interactions.findById(chat).orElseThrow();
            assertThat(kept.state()).isEqualTo(InteractionState.active);
            assertThat(kept.agentId()).isEqualTo(first);
            assertThat(kept.queueName()).isEqualTo(Bridge.CHAT_QUEUE);
            assertThat(kept.metadata()).doesNotContainKey("transferred_by");

            desk.transfer(chat, first, " billing ");
            visitor.next("waiting");
            assertThat(offerFor(chat).agentId()).isEqualTo(billing);
            desk.accept(chat, billing);
            assertThat(desk.transfer(chat, billing, Bridge.CHAT_QUEUE).queueName())
                    .as("back to the chat's own queue")
                    .isEqualTo(Bridge.CHAT_QUEUE);
        }
    }

    /** An agent writes no more into a chat than a visitor may: the gateway's limit, said in words. */
    @Test
    void anAgentsReplyLongerThanTheChatsLimitIsRefusedInWordsAndNothingIsStored() {
        long agent = bridge.agentSignedIn(1, Bridge.CHAT_QUEUE);
        AgentDesk desk = bridge.desk();
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            JsonNode welcome = visitor.hello(null, "Max", null, null).next("welcome");
            assertThat(welcome.path("maxChars").asInt()).isEqualTo(Bridge.CHAT_MAX_CHARS);
            long chat = bridge.interactions
                    .findByExternalId(Channel.chat, welcome.path("conversation").asText())
                    .orElseThrow()
                    .id();
            offerFor(chat);
            desk.accept(chat, agent);

            assertThatThrownBy(() -> desk.reply(chat, agent, "x".repeat(5_000)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a chat reply may have at most 4000 characters; this one has 5000:"
                            + " shorten it or send it in parts");
            assertThat(bridge.messages.transcript(chat)).isEmpty();

            desk.reply(chat, agent, "y".repeat(4_000));
            assertThat(nextFrom(visitor, "agent").path("text").asText()).hasSize(4_000);
        }
    }

    /**
     * The pre-chat name is shown on one line in agents' lists: it loses controls, bidi overrides
     * and zero-width characters. Messages both ways keep their lines, tabs and emoji (joined by
     * zero-width joiners) and lose the other controls and the bidi overrides.
     */
    @Test
    void controlsAndBidiOverridesAreLeftOutOfTheVisitorsNameAndOfMessagesBothWays() {
        long agent = bridge.agentSignedIn(1, Bridge.CHAT_QUEUE);
        AgentDesk desk = bridge.desk();
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            JsonNode welcome = visitor.hello(null, "\u202EAnn\u200B Lee\u0007\u2066\uFEFF", null, null)
                    .next("welcome");
            Interaction chat = bridge.interactions
                    .findByExternalId(Channel.chat, welcome.path("conversation").asText())
                    .orElseThrow();
            assertThat(chat.metadata().get("visitor_name")).isEqualTo("Ann Lee");
            assertThat(bridge.customers
                            .findById(chat.customerId())
                            .orElseThrow()
                            .displayName())
                    .isEqualTo("Ann Lee");

            visitor.say("m-1", "ding\u0007 \u202Eolleh\u202C\nline two\tand " + family)
                    .next("ack");
            JsonNode onlyBell = visitor.say("m-2", "\u0007\u202E").next("error");
            assertThat(onlyBell.path("code").asText()).isEqualTo("empty");
            assertThat(onlyBell.path("ref").asText()).isEqualTo("m-2");

            offerFor(chat.id());
            desk.accept(chat.id(), agent);
            desk.reply(chat.id(), agent, "\u202Eyes\u0007\r\nsee " + family);
            assertThat(nextFrom(visitor, "agent").path("text").asText()).isEqualTo("yes\r\nsee " + family);
            assertThatThrownBy(() -> desk.reply(chat.id(), agent, "\u0007\u2066"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a reply needs text");

            assertThat(bridge.messages.transcript(chat.id()))
                    .extracting(Message::body)
                    .containsExactly("ding olleh\nline two\tand " + family, "yes\r\nsee " + family);
        }
    }

    /** Text fields still take what a widget may send as a number; only a score must be a whole number. */
    @Test
    void otherFramesWithNumbersStillParse() {
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            visitor.send("{\"type\":\"code\",\"code\":123456}");
            assertThat(visitor.next("error").path("code").asText())
                    .as("the code frame is read, then refused for want of a hello")
                    .isEqualTo("hello_first");
            visitor.send("{\"type\":\"hello\",\"name\":42}");
            assertThat(visitor.next("welcome").path("conversation").asText()).isNotEmpty();
            visitor.send("{\"type\":\"message\",\"id\":7,\"text\":12}");
            assertThat(visitor.next("ack").path("ref").asText()).isEqualTo("7");
        }
    }

    @Test
    void anAgentCanTransferAChatOrTurnItIntoACallback() {
        long first = bridge.agentSignedIn(1, Bridge.CHAT_QUEUE);
        AgentDesk desk = bridge.desk();
        try (ChatClient visitor = ChatClient.connect(gateway.port())) {
            String conversation = visitor.hello(null, "Lee", "+14155550199", null)
                    .next("welcome")
                    .path("conversation")
                    .asText();
            long chat = bridge.interactions
                    .findByExternalId(Channel.chat, conversation)
                    .orElseThrow()
                    .id();
            offerFor(chat);
            desk.accept(chat, first);
            visitor.say("q", "can someone in billing help?").next("ack");

            long billing = bridge.agentSignedIn(1, "billing");
            desk.transfer(chat, first, "billing");
            visitor.next("waiting");
            Offer second = offerFor(chat);
            assertThat(second.agentId()).isEqualTo(billing);
            desk.accept(chat, billing);

            Interaction ended = desk.callBack(chat, billing, "415-555-0199");
            assertThat(ended.outcome()).isEqualTo(InteractionOutcome.callback_requested);
            assertThat(bridge.callbacks).containsExactly(chat + ":+14155550199");
            assertThat(visitor.next("ended").path("by").asText()).isEqualTo("agent");
            assertThat(bridge.messages.transcript(chat))
                    .extracting(Message::authorKind)
                    .containsExactly(AuthorKind.customer);
        }
    }

    @Test
    void aMessageThatCannotBeStoredIsNeverAcknowledgedAndTheVisitorIsToldToResend() throws Exception {
        gateway.close();
        io.omniline.db.DatabaseSettings doomed = TestDatabase.createAnother();
        try (io.omniline.db.Database lost = io.omniline.db.Database.connect(doomed);
                Bridge onLost = new Bridge(lost.repositories())) {
            gateway = ChatGateway.start(
                    ChatGatewaySettings.defaults("127.0.0.1", 0), onLost.chat, tokens, onLost.events, onLost.registry);
            try (ChatClient visitor = ChatClient.connect(gateway.port())) {
                visitor.hello(null, null, null, null).next("welcome");
                TestDatabase.drop(doomed);

                // The pool gives up on a new connection after its 10 s connect timeout: wait past it.
                JsonNode refused = visitor.say("lost-1", "are you there?").next("error", Duration.ofSeconds(30));

                assertThat(refused.path("code").asText()).isEqualTo("not_stored");
                assertThat(refused.path("ref").asText()).isEqualTo("lost-1");
                assertThat(visitor.drain(Duration.ofMillis(300)))
                        .noneMatch(frame -> frame.path("type").asText().equals("ack"));
            }
        }
    }

    @Test
    void whileTheDatabaseIsDownNothingIsAcknowledgedAndOnceItIsBackTheResentMessageIsStoredOnce() throws Exception {
        // The refusal comes once the pool gives up on a new connection: well within the visitor's wait.
        chatThroughAFault(Duration.ofSeconds(2), (proxy, visitor, conversation) -> {
            proxy.cut();
            JsonNode refused = visitor.say("during", "two").next("error");
            assertThat(refused.path("code").asText()).isEqualTo("not_stored");
            assertThat(refused.path("ref").asText()).isEqualTo("during");

            proxy.restore();
            assertThat(resendUntilAcknowledged(visitor, "during", "two")
                            .path("id")
                            .asLong())
                    .isPositive();
        });
    }

    @Test
    void aMessageSentWhileTheDatabaseIsHungIsAcknowledgedOnlyOnceStoredWhenTheDatabaseAnswersAgain() throws Exception {
        chatThroughAFault((proxy, visitor, conversation) -> {
            proxy.freeze();
            visitor.say("during", "two");
            assertThat(visitor.drain(Duration.ofMillis(500)))
                    .as("no ack while nothing is stored")
                    .noneMatch(frame -> frame.path("type").asText().equals("ack"));
            assertThat(texts(conversation)).containsExactly("one");

            proxy.thaw();
            assertThat(visitor.ackOf("during").path("id").asLong()).isPositive();
        });
    }

    /** What happens to the database while the visitor sends "two" (client id "during"). */
    @FunctionalInterface
    private interface DatabaseFault {
        void strike(FreezingProxy proxy, ChatClient visitor, String conversation) throws Exception;
    }

    /**
     * A chat over a database behind a proxy: "one" acknowledged before the fault, "two" through
     * it, "three" after; in the end each is stored once, in order.
     */
    private void chatThroughAFault(DatabaseFault fault) throws Exception {
        chatThroughAFault(db.settings().connectTimeout(), fault);
    }

    /** The same, over a pool that gives up on a new connection after {@code connectTimeout}. */
    private void chatThroughAFault(Duration connectTimeout, DatabaseFault fault) throws Exception {
        DatabaseSettings direct = db.settings();
        DatabaseSettings settings = new DatabaseSettings(
                direct.jdbcUrl(), direct.user(), direct.password(), direct.poolSize(), connectTimeout);
        try (FreezingProxy proxy = FreezingProxy.in(settings);
                Database database = Database.connect(proxy.settings(settings));
                Bridge overProxy = new Bridge(database.repositories())) {
            restartOn(overProxy);
            try (ChatClient visitor = ChatClient.connect(gateway.port())) {
                String conversation = visitor.hello(null, null, null, null)
                        .next("welcome")
                        .path("conversation")
                        .asText();
                visitor.say("before", "one").next("ack");

                fault.strike(proxy, visitor, conversation);

                visitor.say("after", "three").ackOf("after");
                assertThat(texts(conversation))
                        .as("every acknowledged message, once")
                        .containsExactly("one", "two", "three");
            }
        }
    }

    /** What the widget does with {@code not_stored}: sends the same message, same id, again. */
    private static JsonNode resendUntilAcknowledged(ChatClient visitor, String id, String text)
            throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            visitor.say(id, text);
            for (JsonNode frame : visitor.drain(Duration.ofMillis(250))) {
                if (frame.path("type").asText().equals("ack")
                        && frame.path("ref").asText().equals(id)) {
                    return frame;
                }
            }
        }
        throw new AssertionError("message " + id + " never acknowledged once the database was back");
    }

    private List<String> texts(String conversation) {
        long interaction = bridge.interactions
                .findByExternalId(Channel.chat, conversation)
                .orElseThrow()
                .id();
        return bridge.messages.transcript(interaction).stream()
                .map(Message::body)
                .toList();
    }

    private void restartOn(Bridge other) throws InterruptedException {
        gateway.close();
        gateway = ChatGateway.start(
                ChatGatewaySettings.defaults("127.0.0.1", 0), other.chat, tokens, other.events, other.registry);
    }

    private void restartWith(ChatGatewaySettings settings) throws InterruptedException {
        gateway.close();
        gateway = ChatGateway.start(settings, bridge.chat, tokens, bridge.events, bridge.registry);
    }

    private Offer offerFor(long interactionId) {
        return io.omniline.bridge.testing.Eventually.await(
                () -> bridge.heard.stream()
                        .filter(e -> e instanceof ConversationEvent.Offered o
                                && o.offer().interactionId() == interactionId)
                        .map(e -> ((ConversationEvent.Offered) e).offer())
                        .reduce((a, b) -> b)
                        .orElse(null),
                offer -> {
                    Interaction now =
                            bridge.interactions.findById(interactionId).orElseThrow();
                    return offer != null
                            && now.state() == InteractionState.offered
                            && Long.valueOf(offer.agentId()).equals(now.agentId());
                },
                Duration.ofSeconds(5));
    }

    private static JsonNode nextFrom(ChatClient visitor, String author) {
        while (true) {
            JsonNode message = visitor.next("message");
            if (message.path("author").asText().equals(author)) {
                return message;
            }
        }
    }

    @Test
    void theRestOfAFrameTooBigIsReadAndDroppedSoTheVisitorGets1009AndAnOrderlyEndNotAReset() throws Exception {
        int size = 10 << 20;
        try (Socket raw = upgraded()) {
            FutureTask<Void> sender = new FutureTask<>(() -> {
                OutputStream out = raw.getOutputStream();
                out.write(new byte[] {
                    (byte) 0x81,
                    (byte) 0xFF,
                    0,
                    0,
                    0,
                    0,
                    (byte) (size >>> 24),
                    (byte) (size >>> 16),
                    (byte) (size >>> 8),
                    (byte) size,
                    1,
                    2,
                    3,
                    4
                });
                byte[] chunk = new byte[64 << 10];
                for (int sent = 0; sent < size; sent += chunk.length) {
                    out.write(chunk);
                }
                out.flush();
                return null;
            });
            Thread.ofVirtual().start(sender);
            InputStream in = raw.getInputStream();

            assertThat(closeCode(in)).isEqualTo(1009);
            assertThat(in.read())
                    .as("after the close frame the server ends its side cleanly")
                    .isEqualTo(-1);
            assertThat(sender)
                    .as("the server took the whole refused frame without a reset")
                    .succeedsWithin(Duration.ofSeconds(10));
        }
    }

    @Test
    void aMessageTooBigInFragmentsIsRefusedWith1009() throws Exception {
        try (Socket raw = upgraded()) {
            OutputStream out = raw.getOutputStream();
            byte[] fragment = new byte[40_000];
            out.write(maskedFrame(0x01, fragment));
            out.write(maskedFrame(0x00, fragment));
            out.write(maskedFrame(0x80, fragment));
            out.flush();
            InputStream in = raw.getInputStream();

            assertThat(closeCode(in)).isEqualTo(1009);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** A raw socket upgraded to a WebSocket at the gateway, to send frames no well-behaved client would. */
    private Socket upgraded() throws Exception {
        Socket raw = new Socket("127.0.0.1", gateway.port());
        raw.setSoTimeout(10_000);
        raw.getOutputStream()
                .write(("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        assertThat(readHeaders(raw.getInputStream())).startsWith("HTTP/1.1 101");
        return raw;
    }

    /** Reads one server frame, which must be a close frame, and returns its status code. */
    private static int closeCode(InputStream in) throws Exception {
        int opcode = in.read() & 0x0F;
        int length = in.read() & 0x7F;
        assertThat(opcode).isEqualTo(0x8);
        assertThat(length).isGreaterThanOrEqualTo(2);
        int code = (in.read() << 8) | in.read();
        in.readNBytes(length - 2);
        return code;
    }

    private static String readHeaders(InputStream in) throws Exception {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            headers.append((char) in.read());
        }
        return headers.toString();
    }

    /** A masked client frame: {@code firstByte} carries FIN and the opcode; payloads up to 65,535 bytes. */
    private static byte[] maskedFrame(int firstByte, byte[] payload) {
        byte[] mask = {1, 2, 3, 4};
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) firstByte;
        if (header == 2) {
            frame[1] = (byte) (0x80 | payload.length);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
