package io.omniline.bridge.channels.chat;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.db.message.AuthorKind;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The visitors' open sockets on this node by interaction, and the bridge from conversation
 * events to frames: what an agent does reaches every tab the visitor has open, whichever node the
 * agent is on (the {@link VisitorBus} brings other nodes' events here). A visitor with no open
 * socket misses nothing: the transcript is sent again when the widget reconnects.
 */
final class ChatSockets implements ConversationListener {

    /** How often a visitor's typing reaches the agent at most; the desk shows it for a few seconds more. */
    static final long TYPING_EVERY_NANOS = 2_000_000_000L;

    private final ConcurrentMap<Long, Set<Channel>> byInteraction = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, Long> lastTyping = new ConcurrentHashMap<>();

    void add(long interactionId, Channel channel) {
        byInteraction
                .computeIfAbsent(interactionId, id -> ConcurrentHashMap.newKeySet())
                .add(channel);
    }

    void remove(long interactionId, Channel channel) {
        byInteraction.computeIfPresent(interactionId, (id, channels) -> {
            channels.remove(channel);
            if (channels.isEmpty()) {
                lastTyping.remove(id);
                return null;
            }
            return channels;
        });
    }

    /** Whether the visitor's typing in this chat, now, is passed on: once per interval, whatever the tabs. */
    boolean typingDue(long interactionId, long nowNanos) {
        boolean[] due = {false};
        lastTyping.compute(interactionId, (id, last) -> {
            due[0] = last == null || nowNanos - last >= TYPING_EVERY_NANOS;
            return due[0] ? nowNanos : last;
        });
        return due[0];
    }

    /** Whether this chat's visitor has a socket here now. */
    boolean holds(long interactionId) {
        return byInteraction.containsKey(interactionId);
    }

    /** The chats whose visitors have a socket here now. */
    Set<Long> conversations() {
        return Set.copyOf(byInteraction.keySet());
    }

    int open() {
        return byInteraction.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void on(ConversationEvent event) {
        if (!byInteraction.containsKey(event.interactionId())) {
            return;
        }
        switch (event) {
            // The visitor's own messages go to all their tabs too; a tab knows its own by ref.
            case ConversationEvent.MessageStored stored ->
                push(event.interactionId(), ChatFrames.message(stored.message(), stored.authorName()));
            case ConversationEvent.Typing typing
            when typing.author() == AuthorKind.agent -> push(event.interactionId(), ChatFrames.typing("agent"));
            case ConversationEvent.Accepted accepted ->
                push(event.interactionId(), ChatFrames.joined(accepted.agentName()));
            case ConversationEvent.Transferred ignored -> push(event.interactionId(), ChatFrames.waiting());
            case ConversationEvent.Closed closed ->
                push(
                        event.interactionId(),
                        ChatFrames.ended(
                                closed.by().getLiteral(), closed.interaction().answeredAt() != null));
            default -> {}
        }
    }

    private void push(long interactionId, String json) {
        for (Channel channel : byInteraction.getOrDefault(interactionId, Set.of())) {
            channel.writeAndFlush(new TextWebSocketFrame(json));
        }
    }
}
