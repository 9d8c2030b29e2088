package io.omniline.bridge.chat;

import io.omniline.bridge.conversation.ConversationEvent;
import io.omniline.bridge.conversation.ConversationListener;
import io.omniline.bridge.identity.ContactDetails;
import io.omniline.bridge.identity.CustomerResolver;
import io.omniline.bridge.identity.Resolution;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.jooq.enums.AuthorKind;
import io.omniline.db.jooq.enums.Channel;
import io.omniline.db.jooq.enums.Direction;
import io.omniline.db.jooq.enums.InteractionOutcome;
import io.omniline.db.jooq.enums.InteractionState;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.message.NewMessage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The customer's side of a web chat: start one from the pre-chat form, pick it up again after a
 * reload, say something, leave. Every message is committed before this returns, so the gateway
 * acknowledges only what is safe.
 */
public final class ChatService {

    private final InteractionRepository interactions;
    private final MessageRepository messages;
    private final AgentRepository agents;
    private final CustomerResolver resolver;
    private final DigitalRouter router;
    private final ConversationListener events;
    private final String queueName;

    public ChatService(InteractionRepository interactions, MessageRepository messages, AgentRepository agents,
                       CustomerResolver resolver, DigitalRouter router, ConversationListener events, String queueName) {
        this.interactions = interactions;
        this.messages = messages;
        this.agents = agents;
        this.resolver = resolver;
        this.router = router;
        this.events = events;
        this.queueName = queueName;
    }

    /**
     * Opens a chat and queues it for an agent. A phone or email from the form finds the customer
     * who owns it (or makes one); a visitor who gives neither chats anonymously.
     *
     * @param knownCustomerId the customer of the visitor's earlier chat, if the widget had one
     * @throws io.omniline.db.identity.InvalidIdentityException when the form's phone or email is not valid
     */
    public ChatConversation start(ContactDetails details, Long knownCustomerId, String visitorAddress) {
        Long customerId = resolver.resolve(details, Channel.chat).map(Resolution::customer).map(c -> c.id())
                .orElse(knownCustomerId);
        String conversationId = UUID.randomUUID().toString();
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (details.name() != null && !details.name().isBlank()) {
            metadata.put("visitor_name", details.name().strip());
        }
        metadata.put("visitor_address", visitorAddress);
        Interaction opened = interactions.open(new NewInteraction(Channel.chat, Direction.inbound, InteractionState.queued,
                customerId, conversationId, null, null, metadata));
        interactions.queue(opened.id(), queueName, 0);
        router.route();
        return conversation(opened);
    }

    /** The conversation behind a token, if it is still going on. */
    public Optional<ChatConversation> resume(String conversationId) {
        return interactions.findByExternalId(Channel.chat, conversationId)
                .filter(interaction -> interaction.state() != InteractionState.ended
                        && interaction.state() != InteractionState.wrap_up)
                .map(ChatService::conversation);
    }

    /** Whose chat a token was, even after it ended, so a returning visitor stays the same customer. */
    public Optional<Long> customerOf(String conversationId) {
        return interactions.findByExternalId(Channel.chat, conversationId).map(Interaction::customerId);
    }

    /**
     * Stores what the visitor wrote. Sent again with the same client id (a resend after a lost
     * acknowledgement), it is stored once and the stored message is returned.
     *
     * @throws ChatClosedException when the chat has been closed meanwhile
     */
    public Message customerSays(ChatConversation conversation, String clientMessageId, String text) {
        Interaction interaction = interactions.findById(conversation.interactionId()).orElseThrow();
        if (interaction.state() == InteractionState.ended || interaction.state() == InteractionState.wrap_up) {
            throw new ChatClosedException(conversation.conversationId());
        }
        Message stored = messages.append(NewMessage.fromCustomer(conversation.interactionId(), text, clientMessageId));
        events.on(new ConversationEvent.MessageStored(interaction, stored, conversation.visitorName()));
        return stored;
    }

    public void customerTyping(ChatConversation conversation) {
        events.on(new ConversationEvent.Typing(conversation.interactionId(), AuthorKind.customer));
    }

    /** The visitor closed the chat: still waiting means abandoned, with an agent means wrap-up. */
    public void customerLeaves(ChatConversation conversation) {
        Interaction interaction = interactions.findById(conversation.interactionId()).orElseThrow();
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

    /** Where the chat stands and everything said in it, with names, for a (re)connecting widget. */
    public ChatView view(ChatConversation conversation) {
        Interaction interaction = interactions.findById(conversation.interactionId()).orElseThrow();
        Map<Long, String> agentNames = new HashMap<>();
        List<TranscriptLine> lines = messages.transcript(conversation.interactionId()).stream()
                .map(message -> new TranscriptLine(message, message.agentId() == null
                        ? (message.authorKind() == AuthorKind.customer ? conversation.visitorName() : null)
                        : agentNames.computeIfAbsent(message.agentId(), this::agentName)))
                .toList();
        String state = switch (interaction.state()) {
            case queued, offered, ivr -> "waiting";
            case active -> "active";
            case wrap_up, ended -> "ended";
        };
        String agent = interaction.state() == InteractionState.active && interaction.agentId() != null
                ? agentNames.computeIfAbsent(interaction.agentId(), this::agentName) : null;
        return new ChatView(state, agent, lines);
    }

    private String agentName(long agentId) {
        return agents.findById(agentId).map(Agent::displayName).orElse("Agent");
    }

    private static ChatConversation conversation(Interaction interaction) {
        Object name = interaction.metadata().get("visitor_name");
        return new ChatConversation(interaction.externalId(), interaction.id(), interaction.customerId(),
                name == null ? null : name.toString());
    }
}
