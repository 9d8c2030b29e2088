package io.omniline.bridge.channels.chat;

import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.bridge.inbound.InboundPipeline;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.customers.MaskedIdentity;
import io.omniline.customers.claims.VisitorClaims;
import io.omniline.customers.resolve.ContactDetails;
import io.omniline.customers.resolve.CustomerResolver;
import io.omniline.customers.verify.VisitorVerification;
import io.omniline.db.ConflictException;
import io.omniline.db.Repositories;
import io.omniline.db.ShownText;
import io.omniline.db.StorableText;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.chat.ChatVisitorRepository;
import io.omniline.db.csat.CsatSurveys;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.identity.IdentityKind;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Direction;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The customer's side of a web chat: start one from the pre-chat form, pick it up again after a
 * reload, say something, prove a phone or address, leave. Every message is committed before this
 * returns, so the gateway acknowledges only what is safe.
 *
 * <p>A visitor is a customer of their own (a record with no identities) until they prove who they
 * are: the phone and email in the form are claims kept on the conversation, never attached to
 * anyone, and they open no one's history. A visitor whose widget still holds the token of an
 * earlier chat stays the customer that chat ended on.
 */
public final class ChatService {

    private final InteractionRepository interactions;
    private final MessageRepository messages;
    private final AgentRepository agents;
    private final CustomerRepository customers;
    private final ChatVisitorRepository visitors;
    private final CsatSurveys surveys;
    private final IdentityNormalizer normalizer;
    private final VisitorVerification verification;
    private final DigitalRouter router;
    private final ConversationListener events;
    private final InboundPipeline pipeline;
    private final ChatInbound inbound;
    private final String queueName;
    private final Clock clock;

    public ChatService(
            Repositories repositories,
            IdentityNormalizer normalizer,
            VisitorVerification verification,
            DigitalRouter router,
            ConversationListener events,
            String queueName,
            Clock clock) {
        this.interactions = repositories.interactions();
        this.messages = repositories.messages();
        this.agents = repositories.agents();
        this.customers = repositories.customers();
        this.visitors = repositories.chatVisitors();
        this.surveys = repositories.csatSurveys();
        this.normalizer = normalizer;
        this.verification = verification;
        this.router = router;
        this.events = events;
        // Chat vouches for no one, so its pipeline never asks the resolver; it is the same resolver all channels use.
        this.pipeline = new InboundPipeline(
                repositories.transactions(),
                new CustomerResolver(customers, repositories.identityReviews(), normalizer),
                router,
                events);
        this.inbound = new ChatInbound(queueName);
        this.queueName = queueName;
        this.clock = clock;
    }

    /**
     * Opens a chat and queues it for an agent, on the visitor's own customer record.
     *
     * @param knownCustomerId the customer of the visitor's earlier chat, if the widget had one
     * @throws io.omniline.db.identity.InvalidIdentityException when the form's phone or email is not valid
     */
    public ChatConversation start(ContactDetails details, Long knownCustomerId, String visitorAddress) {
        VisitorClaims claims = VisitorClaims.typed(details, normalizer);
        // Shown on one line in agents' lists: no controls, bidi overrides or zero-width characters.
        String shownName = ShownText.oneLine(StorableText.clean(details.name()).text());
        String name = shownName == null || shownName.isEmpty() ? null : shownName;
        long customerId = knownCustomerId != null
                ? customers.survivorOf(knownCustomerId).id()
                : customers.create(name, Map.of(), List.of()).id();
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (name != null) {
            metadata.put("visitor_name", name);
        }
        metadata.put("visitor_address", visitorAddress);
        if (!claims.isEmpty()) {
            metadata.putAll(claims.metadata());
        }
        Interaction opened = interactions.open(new NewInteraction(
                Channel.chat,
                Direction.inbound,
                InteractionState.queued,
                customerId,
                UUID.randomUUID().toString(),
                null,
                null,
                metadata));
        interactions.queue(opened.id(), queueName, 0);
        visitors.seen(List.of(opened.id()), now());
        router.route();
        return conversation(opened);
    }

    /** The conversation behind a token, if it is still going on; its visitor is back. */
    public Optional<ChatConversation> resume(String conversationId) {
        Optional<ChatConversation> resumed = interactions
                .findByExternalId(Channel.chat, conversationId)
                .filter(interaction -> interaction.state() != InteractionState.ended
                        && interaction.state() != InteractionState.wrap_up)
                .map(ChatService::conversation);
        resumed.ifPresent(conversation -> visitors.seen(List.of(conversation.interactionId()), now()));
        return resumed;
    }

    /** Whose chat a token was, even after it ended, so a returning visitor stays the same customer. */
    public Optional<Long> customerOf(String conversationId) {
        return interactions.findByExternalId(Channel.chat, conversationId).map(Interaction::customerId);
    }

    /**
     * Stores what the visitor wrote (without characters PostgreSQL cannot store). Sent again with
     * the same client id (a resend after a lost acknowledgement), it is stored once and the stored
     * message is returned.
     *
     * @throws ChatClosedException when the chat has been closed meanwhile
     */
    public Message customerSays(ChatConversation conversation, String clientMessageId, String text) {
        return pipeline.receive(inbound, new ChatInbound.Said(conversation, clientMessageId, text))
                .orElseThrow();
    }

    /**
     * Tells the agent serving the chat that the visitor is writing; nothing is stored, and a chat
     * nobody serves yet tells no one. The gateway calls this at most once per interval per chat.
     */
    public void customerTyping(ChatConversation conversation) {
        interactions
                .findById(conversation.interactionId())
                .filter(chat -> chat.state() == InteractionState.active && chat.agentId() != null)
                .ifPresent(chat ->
                        events.on(new ConversationEvent.Typing(chat.id(), AuthorKind.customer, chat.agentId())));
    }

    /** The visitor closed the chat: still waiting means abandoned, with an agent means wrap-up. */
    public void customerLeaves(ChatConversation conversation) {
        Interaction interaction =
                interactions.findById(conversation.interactionId()).orElseThrow();
        Interaction closed = switch (interaction.state()) {
            case queued, offered -> interactions.end(interaction.id(), InteractionOutcome.abandoned_in_queue);
            case active -> interactions.wrapUp(interaction.id());
            default -> interaction;
        };
        if (closed != interaction) {
            events.on(new ConversationEvent.Closed(closed, AuthorKind.customer));
            router.route();
        }
    }

    /**
     * The visitor's rating (1–5) of a chat that has ended, on the chat's interaction; the first
     * rating stands.
     *
     * @return the score on record: this one, or the first one when the chat was rated before
     * @throws ConflictException while the chat is still going on
     */
    public Rating rate(ChatConversation conversation, int score) {
        Interaction interaction =
                interactions.findById(conversation.interactionId()).orElseThrow();
        if (interaction.state() != InteractionState.wrap_up && interaction.state() != InteractionState.ended) {
            throw new ConflictException("rate the chat once it has ended");
        }
        if (interaction.answeredAt() == null) {
            throw new ConflictException("nobody answered this chat, so there is nothing to rate");
        }
        if (surveys.answer(interaction.id(), "chat", score, null, clock.instant())) {
            return new Rating(score, true);
        }
        Object earlier = interactions
                .findById(interaction.id())
                .map(rated -> rated.metadata().get("csat"))
                .orElse(null);
        return new Rating(
                earlier instanceof Map<?, ?> csat && csat.get("score") instanceof Number first
                        ? first.intValue()
                        : null,
                false);
    }

    /**
     * @param score the rating that stands; null when an earlier one stands whose score is not on the interaction
     * @param first whether this rating is the one that counts, or an earlier one does
     */
    public record Rating(Integer score, boolean first) {}

    /**
     * Sends a one-time code to the phone or address the visitor claimed.
     *
     * @throws io.omniline.customers.verify.VerificationRefusedException when none was sent, saying why
     */
    public VisitorVerification.Sent sendCode(ChatConversation conversation, IdentityKind kind) {
        return verification.send(conversation.interactionId(), kind);
    }

    /**
     * Checks a code typed back; a right one joins the chat to the customer who owns the proved
     * phone or address.
     *
     * @throws io.omniline.customers.verify.VerificationRefusedException when it is not accepted, saying why
     */
    public ChatView checkCode(ChatConversation conversation, String code) {
        verification.check(conversation.interactionId(), code);
        return view(conversation);
    }

    /** The visitors of these chats are connected to this node now. */
    public void visitorsPresent(Collection<Long> interactionIds) {
        visitors.seen(interactionIds, now());
    }

    /**
     * Ends the chats still waiting for an agent whose visitor has been gone longer than
     * {@code grace} (on any node), as abandoned, so nobody is offered an empty chair.
     *
     * @return how many were ended
     */
    public int endAbandoned(Duration grace) {
        List<Interaction> ended = visitors.endAbandoned(now().minus(grace));
        for (Interaction chat : ended) {
            events.on(new ConversationEvent.Closed(chat, AuthorKind.customer));
        }
        if (!ended.isEmpty()) {
            router.route();
        }
        return ended.size();
    }

    /** Where the chat stands, everything said in it with names, and the claims, for a (re)connecting widget. */
    public ChatView view(ChatConversation conversation) {
        Interaction interaction =
                interactions.findById(conversation.interactionId()).orElseThrow();
        Map<Long, String> agentNames = new HashMap<>();
        List<TranscriptLine> lines = messages.transcript(conversation.interactionId()).stream()
                .map(message -> new TranscriptLine(
                        message,
                        message.agentId() == null
                                ? (message.authorKind() == AuthorKind.customer ? conversation.visitorName() : null)
                                : agentNames.computeIfAbsent(message.agentId(), this::agentName)))
                .toList();
        String state = switch (interaction.state()) {
            case queued, offered, ivr -> "waiting";
            case active -> "active";
            case wrap_up, ended -> "ended";
        };
        String agent = interaction.state() == InteractionState.active && interaction.agentId() != null
                ? agentNames.computeIfAbsent(interaction.agentId(), this::agentName)
                : null;
        VisitorClaims claims = VisitorClaims.of(interaction);
        List<ChatView.Claim> claimed = claims.claimed().stream()
                .map(identity -> new ChatView.Claim(
                        identity.kind().getLiteral(),
                        MaskedIdentity.of(identity),
                        claims.isVerified(identity.kind()),
                        verification.canSend(identity.kind())))
                .toList();
        return new ChatView(state, agent, lines, claimed);
    }

    private String agentName(long agentId) {
        return agents.findById(agentId).map(Agent::displayName).orElse("Agent");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static ChatConversation conversation(Interaction interaction) {
        Object name = interaction.metadata().get("visitor_name");
        return new ChatConversation(interaction.externalId(), interaction.id(), name == null ? null : name.toString());
    }
}
