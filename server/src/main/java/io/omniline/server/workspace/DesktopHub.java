package io.omniline.server.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;
import io.omniline.db.Repositories;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.notify.NodeBus;
import io.omniline.telephony.calls.CallEvent;
import io.omniline.telephony.calls.CallEventListener;
import io.omniline.telephony.calls.RingEnd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes to each agent's desktop what concerns them: the screen pop when their phone rings
 * (customer card, recent interactions on every channel, the last chat in full, the IVR path and
 * the wait), the call connecting and ending, and digital conversations offered to them and
 * written in. The node that learns of it (from AMI or the digital bridge) announces it on the
 * node bus with ids only; the node holding the agent's socket builds the frame from the
 * database and pushes it, so an agent may be connected to any node.
 */
public final class DesktopHub implements CallEventListener, ConversationListener, AutoCloseable {

    static final String TOPIC = "desktop";
    private static final Logger log = LoggerFactory.getLogger(DesktopHub.class);

    private final Pops pops;
    private final MessageRepository messages;
    private final ObjectMapper mapper;
    private final ConcurrentMap<Long, Set<Session>> desktops = new ConcurrentHashMap<>();
    private final AgentLanes lanes = new AgentLanes();
    /**
     * Reads ahead the pops of callers joining a queue, so that the ring itself only sends; two at
     * a time, so that a burst of joins never stands in front of the rings' own reads for a connection.
     */
    private final ExecutorService warming = Executors.newFixedThreadPool(
            2, Thread.ofVirtual().name("pop-warm-", 0).factory());

    private final NodeBus bus;

    public DesktopHub(Repositories repositories, NodeBus bus, Pops pops, ObjectMapper mapper) {
        this.pops = pops;
        this.messages = repositories.messages();
        this.mapper = mapper;
        this.bus = bus;
        bus.subscribe(TOPIC, this::received);
    }

    void connected(long agentId, Session session) {
        desktops.computeIfAbsent(agentId, id -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void disconnected(long agentId, Session session) {
        desktops.computeIfPresent(agentId, (id, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /**
     * Every ring ends with a frame: {@code call-connected} when this agent answered, else
     * {@code ring-ended} saying how (no-answer, answered-elsewhere, caller-abandoned, queue-timeout).
     */
    @Override
    public void on(CallEvent event) {
        switch (event) {
            case CallEvent.CallerQueued queued -> warming.execute(() -> pops.warm(queued.interactionId()));
            case CallEvent.AgentRinging ringing
            when ringing.agentId() != null ->
                announce(
                        ringing.agentId(),
                        "pop",
                        ringing.interactionId(),
                        Map.of("queue", ringing.queue(), "uniqueId", ringing.uniqueId()));
            case CallEvent.RingEnded ended
            when ended.agentId() != null ->
                announce(ended.agentId(), "ring-ended", ended.interactionId(), Map.of("reason", reason(ended.how())));
            case CallEvent.AgentConnected connected
            when connected.agentId() != null ->
                announce(
                        connected.agentId(),
                        "call-connected",
                        connected.interactionId(),
                        Map.of("holdSeconds", connected.holdSeconds()));
            case CallEvent.CallCompleted completed
            when completed.agentId() != null -> {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("endedBy", completed.endedBy());
                if (completed.talkSeconds() != null) {
                    details.put("talkSeconds", completed.talkSeconds());
                }
                announce(completed.agentId(), "call-ended", completed.interactionId(), details);
                pops.forget(completed.interactionId());
            }
            case CallEvent.CallerAbandoned abandoned -> pops.forget(abandoned.interactionId());
            case CallEvent.QueueTimedOut timedOut -> pops.forget(timedOut.interactionId());
            default -> {}
        }
    }

    private static String reason(RingEnd how) {
        return switch (how) {
            case NO_ANSWER -> "no-answer";
            case ANSWERED_ELSEWHERE -> "answered-elsewhere";
            case CALLER_ABANDONED -> "caller-abandoned";
            case QUEUE_TIMEOUT -> "queue-timeout";
        };
    }

    @Override
    public void on(ConversationEvent event) {
        switch (event) {
            case ConversationEvent.Offered offered ->
                announce(
                        offered.offer().agentId(),
                        "offer",
                        offered.interactionId(),
                        Map.of(
                                "channel",
                                offered.offer().channel().getLiteral(),
                                "queue",
                                offered.offer().queueName()));
            case ConversationEvent.MessageStored stored
            when stored.message().authorKind() == AuthorKind.customer
                    && stored.interaction().agentId() != null ->
                announce(
                        stored.interaction().agentId(),
                        "message",
                        stored.interactionId(),
                        Map.of("messageId", stored.message().id()));
            // Throttled by the gateway (once per two seconds per chat) and never stored; the desk lets it fade.
            case ConversationEvent.Typing typing
            when typing.author() == AuthorKind.customer ->
                announce(typing.agentId(), "typing", typing.interactionId(), Map.of());
            case ConversationEvent.Closed closed
            when closed.by() == AuthorKind.customer && closed.interaction().agentId() != null ->
                announce(closed.interaction().agentId(), "conversation-closed", closed.interactionId(), Map.of());
            case ConversationEvent.CustomerChanged changed
            when changed.interaction().agentId() != null ->
                announce(changed.interaction().agentId(), "conversation-updated", changed.interactionId(), Map.of());
            default -> {}
        }
    }

    /** A word for the agent from someone else (a supervisor paused them): shown on their desktop at once. */
    public void tell(long agentId, String text) {
        announce(agentId, "notice", 0, Map.of("text", text));
    }

    /**
     * Off the caller's thread (the AMI reader must not wait for the database). An agent connected
     * here gets the frame at once; the other nodes hear of it on the bus for theirs.
     */
    private void announce(long agentId, String type, long interactionId, Map<String, Object> details) {
        Notice notice = new Notice(agentId, type, interactionId, details);
        lanes.run(agentId, () -> {
            if (desktops.containsKey(agentId)) {
                push(agentId, expand(notice));
            }
            try {
                bus.publish(TOPIC, mapper.writeValueAsString(notice));
            } catch (JsonProcessingException | RuntimeException e) {
                log.warn(
                        "desktop {} for agent {} could not be announced to other nodes; their desktops reload on reconnect",
                        type,
                        agentId,
                        e);
            }
        });
    }

    private void received(String payload) {
        Notice notice;
        try {
            notice = mapper.readValue(payload, Notice.class);
        } catch (JsonProcessingException e) {
            log.warn("an unreadable desktop notice was ignored: {}", e.getOriginalMessage());
            return;
        }
        if (desktops.containsKey(notice.agentId())) {
            lanes.run(notice.agentId(), () -> push(notice.agentId(), expand(notice)));
        }
    }

    /** The frame a notice stands for, read from the database on the node that holds the socket. */
    private Map<String, Object> expand(Notice notice) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", notice.type());
        frame.put("interactionId", notice.interactionId());
        switch (notice.type()) {
            case "pop" -> frame.putAll(pops.atRing(notice.interactionId()));
            case "message" ->
                messages.findById(((Number) notice.details().get("messageId")).longValue())
                        .ifPresent(message -> frame.put("message", message));
            default -> {}
        }
        notice.details().forEach((key, value) -> {
            if (!key.equals("messageId")) {
                frame.put(key, value);
            }
        });
        return frame;
    }

    private void push(long agentId, Map<String, Object> frame) {
        Set<Session> sessions = desktops.get(agentId);
        if (sessions == null) {
            return;
        }
        String json;
        try {
            json = mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            log.warn("desktop frame {} could not be written", frame.get("type"), e);
            return;
        }
        for (Session session : sessions) {
            session.sendText(json, Callback.NOOP);
        }
    }

    /** Lets a frame being built finish; interrupting it would break its database connection. */
    @Override
    public void close() {
        warming.shutdown();
        lanes.close();
    }

    /** What crosses between nodes: for whom, what, which interaction, and small details. */
    record Notice(long agentId, String type, long interactionId, Map<String, Object> details) {}
}
