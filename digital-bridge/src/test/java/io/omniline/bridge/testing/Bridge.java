package io.omniline.bridge.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.bridge.channels.chat.ChatReplies;
import io.omniline.bridge.channels.chat.ChatService;
import io.omniline.bridge.conversations.AgentDesk;
import io.omniline.bridge.conversations.ReplyChannel;
import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationEvents;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.customers.resolve.CustomerResolver;
import io.omniline.customers.verify.CodeDelivery;
import io.omniline.customers.verify.VisitorVerification;
import io.omniline.db.Repositories;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.identity.IdentityKind;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.message.MessageRepository;
import io.omniline.testing.MovableClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** The digital bridge wired over one test database, the way the server wires it. */
public final class Bridge implements AutoCloseable {

    public static final String CHAT_QUEUE = "chat";
    /** As the gateway's default limit on a visitor's message. */
    public static final int CHAT_MAX_CHARS = 4_000;

    public final Repositories repositories;
    public final IdentityNormalizer normalizer = new IdentityNormalizer("US");
    public final CustomerRepository customers;
    public final InteractionRepository interactions;
    public final MessageRepository messages;
    public final AgentRepository agents;
    public final ConversationEvents events = new ConversationEvents();
    public final List<ConversationEvent> heard = new CopyOnWriteArrayList<>();
    public final CustomerResolver resolver;
    public final DigitalRouter router;
    public final ChatService chat;
    public final MovableClock clock = new MovableClock();
    /** What the one-time codes were sent to and the code, as {@code "phone:+1…=123456"}, newest last. */
    public final List<String> codesSent = new CopyOnWriteArrayList<>();

    public final VisitorVerification verification;
    public final List<String> callbacks = new CopyOnWriteArrayList<>();
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<Channel, ReplyChannel> replies = new HashMap<>();

    public Bridge(Repositories repositories) {
        this.repositories = repositories;
        customers = repositories.customers();
        interactions = repositories.interactions();
        messages = repositories.messages();
        agents = repositories.agents();
        resolver = new CustomerResolver(customers, repositories.identityReviews(), normalizer);
        router = new DigitalRouter(repositories.digitalQueue(), events, Duration.ofMinutes(1));
        CodeDelivery capture = (to, code, validFor) -> codesSent.add(to + "=" + code);
        verification = new VisitorVerification(
                interactions,
                repositories.verificationCodes(),
                repositories.customerLinks(),
                Map.of(IdentityKind.phone, capture, IdentityKind.email, capture),
                joined -> events.on(new ConversationEvent.CustomerChanged(joined)),
                new byte[32],
                new VisitorVerification.Settings(Duration.ofMinutes(10), 5, 5),
                clock);
        chat = new ChatService(repositories, normalizer, verification, router, events, CHAT_QUEUE, clock);
        events.subscribe(heard::add);
        events.subscribe(new io.omniline.bridge.channels.chat.ChatSurveyOffers(repositories.csatSurveys(), clock));
        replies.put(Channel.chat, new ChatReplies(messages, CHAT_MAX_CHARS));
    }

    /** The last code sent to this phone or address. */
    public String lastCodeTo(String identity) {
        return codesSent.reversed().stream()
                .filter(sent -> sent.startsWith(identity + "="))
                .map(sent -> sent.substring(sent.indexOf('=') + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no code went to " + identity + "; sent: " + codesSent));
    }

    public Bridge replyOn(Channel channel, ReplyChannel reply) {
        replies.put(channel, reply);
        return this;
    }

    public AgentDesk desk() {
        return new AgentDesk(
                interactions,
                repositories.digitalQueue(),
                agents,
                router,
                replies,
                (Interaction interaction, String number) -> callbacks.add(interaction.id() + ":" + number),
                normalizer,
                events,
                Map.of(Channel.chat, CHAT_QUEUE));
    }

    /** An agent in the given queues, signed in for digital work with room for {@code capacity}. */
    public long agentSignedIn(int capacity, String... queues) {
        String login = "agent-" + UUID.randomUUID();
        Map<String, Integer> memberOf = new HashMap<>();
        for (String queue : queues) {
            memberOf.put(queue, 0);
        }
        long id = agents.create(login, "Agent " + login.substring(6, 10), null, Map.of(), memberOf, "test")
                .id();
        router.signIn(id, capacity);
        return id;
    }

    @Override
    public void close() {
        router.close();
    }
}
