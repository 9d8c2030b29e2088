package io.omniline.bridge.channels.chat;

import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.notify.NodeBus;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries what a chat visitor must see between nodes: an agent's reply, typing, joining, handing
 * on and closing happen on the node the agent is connected to, and the visitor's socket may be
 * on another. Each such event is announced on the node bus with ids only ({@code message 42 7});
 * the node holding the visitor's socket reads the interaction and message back from the database
 * and hands the event to its sockets as if it had happened there.
 */
public final class VisitorBus implements ConversationListener {

    static final String TOPIC = "visitor";
    private static final Logger log = LoggerFactory.getLogger(VisitorBus.class);

    private final NodeBus bus;
    private final InteractionRepository interactions;
    private final MessageRepository messages;
    private final AgentRepository agents;
    private volatile ChatSockets sockets;

    /** Announces from now on; hears the other nodes once {@link #deliverTo} names this node's sockets. */
    public VisitorBus(
            NodeBus bus, InteractionRepository interactions, MessageRepository messages, AgentRepository agents) {
        this.bus = bus;
        this.interactions = interactions;
        this.messages = messages;
        this.agents = agents;
        bus.subscribe(TOPIC, this::received);
    }

    /** Where the events other nodes announce go: this node's visitor sockets (null: nowhere). */
    void deliverTo(ChatSockets sockets) {
        this.sockets = sockets;
    }

    /** A committed event on this node: the visitor may be connected to another. */
    @Override
    public void on(ConversationEvent event) {
        String notice = switch (event) {
            case ConversationEvent.MessageStored stored ->
                "message " + event.interactionId() + " " + stored.message().id();
            case ConversationEvent.Typing typing
            when typing.author() == AuthorKind.agent -> "typing " + event.interactionId() + " " + typing.agentId();
            case ConversationEvent.Accepted ignored -> "joined " + event.interactionId();
            case ConversationEvent.Transferred ignored -> "waiting " + event.interactionId();
            case ConversationEvent.Closed closed ->
                "ended " + event.interactionId() + " " + closed.by().getLiteral();
            default -> null;
        };
        if (notice == null || !isChat(event)) {
            return;
        }
        try {
            bus.publish(TOPIC, notice);
        } catch (RuntimeException e) {
            log.warn(
                    "a chat visitor on another node was not told of interaction {} ({}); their widget gets it on reconnect",
                    event.interactionId(),
                    e.toString());
        }
    }

    private static boolean isChat(ConversationEvent event) {
        Interaction interaction = switch (event) {
            case ConversationEvent.MessageStored stored -> stored.interaction();
            case ConversationEvent.Accepted accepted -> accepted.interaction();
            case ConversationEvent.Transferred transferred -> transferred.interaction();
            case ConversationEvent.Closed closed -> closed.interaction();
            default -> null;
        };
        return interaction == null || interaction.channel() == Channel.chat;
    }

    private void received(String notice) {
        ChatSockets here = sockets;
        if (here == null) {
            return;
        }
        String[] words = notice.split(" ");
        try {
            long interactionId = Long.parseLong(words[1]);
            if (here.holds(interactionId)) {
                event(words, interactionId).ifPresent(here::on);
            }
        } catch (RuntimeException e) {
            log.warn("a visitor notice was not understood and is ignored: {}", e.toString());
        }
    }

    /** The event a notice stands for, as the database has it now. */
    private Optional<ConversationEvent> event(String[] words, long interactionId) {
        if (words[0].equals("typing")) {
            return Optional.of(new ConversationEvent.Typing(interactionId, AuthorKind.agent, Long.parseLong(words[2])));
        }
        return interactions.findById(interactionId).flatMap(interaction -> switch (words[0]) {
            case "message" ->
                messages.findById(Long.parseLong(words[2]))
                        .filter(message -> message.interactionId() == interactionId)
                        .map(message -> new ConversationEvent.MessageStored(
                                interaction, message, authorName(interaction, message)));
            case "joined" -> Optional.of(new ConversationEvent.Accepted(interaction, agentName(interaction.agentId())));
            case "waiting" -> Optional.of(new ConversationEvent.Transferred(interaction));
            case "ended" -> Optional.of(new ConversationEvent.Closed(interaction, AuthorKind.valueOf(words[2])));
            default -> throw new IllegalArgumentException("unknown visitor notice " + words[0]);
        });
    }

    private String authorName(Interaction interaction, Message message) {
        if (message.agentId() != null) {
            return agentName(message.agentId());
        }
        Object visitor = interaction.metadata().get("visitor_name");
        return message.authorKind() == AuthorKind.customer && visitor != null ? visitor.toString() : null;
    }

    private String agentName(Long agentId) {
        return agentId == null
                ? "Agent"
                : agents.findById(agentId).map(Agent::displayName).orElse("Agent");
    }
}
