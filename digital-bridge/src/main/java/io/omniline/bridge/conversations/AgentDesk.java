package io.omniline.bridge.conversations;

import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.ShownText;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.digital.DigitalQueueRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.Message;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What an agent does with a chat, an email thread or an SMS session: take it, answer in its own
 * channel, hand it on, turn it into a phone call, close and write it up. Each action checks that
 * the agent holds the conversation, so one agent can never act on another's.
 */
public final class AgentDesk {

    /** The refusal of an unknown queue names at most this many of the known ones. */
    private static final int MAX_LISTED = 30;

    private final InteractionRepository interactions;
    private final DigitalQueueRepository queue;
    private final AgentRepository agents;
    private final DigitalRouter router;
    private final Map<Channel, ReplyChannel> replies;
    private final CallbackRequester callbacks;
    private final IdentityNormalizer normalizer;
    private final ConversationListener events;
    private final Map<Channel, String> channelQueues;

    /**
     * @param channelQueues the queue each channel's new conversations go to (chat, email, SMS): a
     *     conversation may always be transferred back to its channel's queue
     */
    public AgentDesk(
            InteractionRepository interactions,
            DigitalQueueRepository queue,
            AgentRepository agents,
            DigitalRouter router,
            Map<Channel, ReplyChannel> replies,
            CallbackRequester callbacks,
            IdentityNormalizer normalizer,
            ConversationListener events,
            Map<Channel, String> channelQueues) {
        this.interactions = interactions;
        this.queue = queue;
        this.agents = agents;
        this.router = router;
        this.replies = Map.copyOf(replies);
        this.callbacks = callbacks;
        this.normalizer = normalizer;
        this.events = events;
        this.channelQueues = Map.copyOf(channelQueues);
    }

    public Interaction accept(long interactionId, long agentId) {
        Interaction accepted = queue.accept(interactionId, agentId);
        events.on(new ConversationEvent.Accepted(accepted, agentName(agentId)));
        return accepted;
    }

    /**
     * Stores and sends the agent's answer in the conversation's channel, without control characters
     * or bidi overrides (line breaks and tabs stay), and no longer than the channel takes.
     */
    public Message reply(long interactionId, long agentId, String text) {
        String shown = ShownText.message(text);
        if (shown == null || shown.isBlank()) {
            throw new IllegalArgumentException("a reply needs text");
        }
        Interaction interaction = held(interactionId, agentId);
        ReplyChannel channel = replies.get(interaction.channel());
        if (channel == null) {
            throw new ConflictException(
                    "replies on " + interaction.channel().getLiteral() + " are not configured on this node");
        }
        if (shown.length() > channel.maxChars()) {
            throw new IllegalArgumentException(
                    "a " + interaction.channel().getLiteral() + " reply may have at most " + channel.maxChars()
                            + " characters; this one has " + shown.length() + ": shorten it or send it in parts");
        }
        Message sent = channel.send(interaction, agentId, shown);
        events.on(new ConversationEvent.MessageStored(interaction, sent, agentName(agentId)));
        return sent;
    }

    /** The visitor sees the agent is writing; only a chat shows it (an email or SMS has no one watching). */
    public void typing(long interactionId, long agentId) {
        if (held(interactionId, agentId).channel() != Channel.chat) {
            return;
        }
        events.on(new ConversationEvent.Typing(interactionId, AuthorKind.agent, agentId));
    }

    /** The conversation is over for the customer; the agent writes it up next. */
    public Interaction close(long interactionId, long agentId) {
        held(interactionId, agentId);
        Interaction closed = interactions.wrapUp(interactionId);
        events.on(new ConversationEvent.Closed(closed, AuthorKind.agent));
        router.route();
        return closed;
    }

    public Interaction finishWrapUp(long interactionId, long agentId, String disposition, String notes) {
        Interaction interaction = owned(interactionId, agentId);
        if (interaction.state() != InteractionState.wrap_up) {
            throw new ConflictException("interaction " + interactionId + " is "
                    + interaction.state().getLiteral() + ", not in wrap-up");
        }
        interactions.recordDisposition(interactionId, disposition, notes);
        return interactions.end(interactionId, InteractionOutcome.completed);
    }

    /**
     * Another queue takes it over; the history goes with it and it keeps its place in line. The
     * queue is one someone answers: the channel's own queue, or a queue an active agent belongs to
     * (the router offers a queue's conversations only to its members); any other name would leave
     * the customer waiting for nobody.
     */
    public Interaction transfer(long interactionId, long agentId, String queueName) {
        if (queueName == null || queueName.isBlank()) {
            throw new IllegalArgumentException("a transfer needs a queue");
        }
        Interaction interaction = held(interactionId, agentId);
        String target = queueName.strip();
        SortedSet<String> known = transferQueues(interaction.channel());
        if (!known.contains(target)) {
            throw new IllegalArgumentException("no agent answers queue \"" + shortened(target) + "\"; a "
                    + interaction.channel().getLiteral() + " may be transferred to " + listed(known));
        }
        Interaction moved = queue.requeue(interactionId, target);
        interactions.putMetadata(interactionId, Map.of("transferred_by", agentId));
        events.on(new ConversationEvent.Transferred(moved));
        router.route();
        return moved;
    }

    /** Asks telephony to call the customer back; the conversation ends as a callback request. */
    public Interaction callBack(long interactionId, long agentId, String number) {
        Interaction interaction = held(interactionId, agentId);
        String e164 = normalizer.phone(number).value();
        interactions.putMetadata(interactionId, Map.of("callback_number", e164));
        callbacks.requestCallback(interaction, e164);
        Interaction ended = interactions.end(interactionId, InteractionOutcome.callback_requested);
        events.on(new ConversationEvent.Closed(ended, AuthorKind.agent));
        router.route();
        return ended;
    }

    /** The queues a conversation of this channel may go to: its channel's, and those active agents belong to. */
    public SortedSet<String> transferQueues(Channel channel) {
        SortedSet<String> known = new TreeSet<>();
        String own = channelQueues.get(channel);
        if (own != null) {
            known.add(own);
        }
        for (Agent agent : agents.list()) {
            if (agent.active()) {
                known.addAll(agent.queues().keySet());
            }
        }
        return known;
    }

    private static String listed(SortedSet<String> queues) {
        if (queues.isEmpty()) {
            return "no queue: no agent belongs to one";
        }
        List<String> names = queues.stream().limit(MAX_LISTED).toList();
        String list = String.join(", ", names);
        return queues.size() > MAX_LISTED ? list + " and " + (queues.size() - MAX_LISTED) + " more" : list;
    }

    /** An unknown name is echoed, but no more of it than fits a sentence. */
    private static String shortened(String name) {
        return name.length() <= 80 ? name : name.substring(0, 80) + "…";
    }

    private Interaction held(long interactionId, long agentId) {
        Interaction interaction = owned(interactionId, agentId);
        if (interaction.state() != InteractionState.active) {
            throw new ConflictException("interaction " + interactionId + " is "
                    + interaction.state().getLiteral() + "; accept it first");
        }
        return interaction;
    }

    private Interaction owned(long interactionId, long agentId) {
        Interaction interaction = interactions
                .findById(interactionId)
                .orElseThrow(() -> new NotFoundException("interaction", interactionId));
        if (interaction.channel() == Channel.voice
                || interaction.agentId() == null
                || interaction.agentId() != agentId) {
            throw new ConflictException("interaction " + interactionId + " is not held by agent " + agentId);
        }
        return interaction;
    }

    private String agentName(long agentId) {
        return agents.findById(agentId).map(agent -> agent.displayName()).orElse("Agent");
    }
}
