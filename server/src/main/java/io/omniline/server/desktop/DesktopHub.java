package io.omniline.server.desktop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.bridge.conversation.ConversationEvent;
import io.omniline.bridge.conversation.ConversationListener;
import io.omniline.db.jooq.enums.AuthorKind;
import io.omniline.telephony.calls.CallEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes to each agent's desktop what concerns them: the screen pop when their phone rings
 * (customer card, recent interactions on every channel, the last chat in full, the IVR path and
 * the wait), the call connecting and ending, and digital conversations offered to them and
 * written in. Events arrive on the AMI reader and on the digital bridge's threads; the pop's
 * reads run on this hub's own thread so neither waits for the database.
 */
public final class DesktopHub implements Consumer<CallEvent>, ConversationListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DesktopHub.class);

    private final Pops pops;
    private final ObjectMapper mapper;
    private final ConcurrentMap<Long, Set<Session>> desktops = new ConcurrentHashMap<>();
    private final ExecutorService pushes = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("desktop-push").factory());

    public DesktopHub(Pops pops, ObjectMapper mapper) {
        this.pops = pops;
        this.mapper = mapper;
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

    @Override
    public void accept(CallEvent event) {
        switch (event) {
            case CallEvent.AgentRinging ringing when ringing.agentId() != null ->
                    pushes.execute(() -> push(ringing.agentId(), pop(ringing)));
            case CallEvent.AgentConnected connected when connected.agentId() != null ->
                    pushes.execute(() -> push(connected.agentId(), frame("call-connected", connected.interactionId(),
                            Map.of("holdSeconds", connected.holdSeconds()))));
            case CallEvent.CallCompleted completed when completed.agentId() != null ->
                    pushes.execute(() -> push(completed.agentId(), frame("call-ended", completed.interactionId(),
                            Map.of("talkSeconds", completed.talkSeconds(), "endedBy", completed.endedBy()))));
            default -> {
            }
        }
    }

    @Override
    public void on(ConversationEvent event) {
        switch (event) {
            case ConversationEvent.Offered offered -> pushes.execute(() -> push(offered.offer().agentId(),
                    frame("offer", offered.interactionId(), Map.of("channel", offered.offer().channel().getLiteral(),
                            "queue", offered.offer().queueName()))));
            case ConversationEvent.MessageStored stored when stored.message().authorKind() == AuthorKind.customer
                    && stored.interaction().agentId() != null ->
                    pushes.execute(() -> push(stored.interaction().agentId(), frame("message", stored.interactionId(),
                            Map.of("message", stored.message()))));
            case ConversationEvent.Closed closed when closed.by() == AuthorKind.customer
                    && closed.interaction().agentId() != null ->
                    pushes.execute(() -> push(closed.interaction().agentId(), frame("conversation-closed",
                            closed.interactionId(), Map.of())));
            default -> {
            }
        }
    }

    private Map<String, Object> pop(CallEvent.AgentRinging ringing) {
        Map<String, Object> details = new LinkedHashMap<>(pops.of(ringing.interactionId()));
        details.put("queue", ringing.queue());
        details.put("uniqueId", ringing.uniqueId());
        return frame("pop", ringing.interactionId(), details);
    }

    private static Map<String, Object> frame(String type, long interactionId, Map<String, ?> details) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put("interactionId", interactionId);
        frame.putAll(details);
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

    @Override
    public void close() {
        pushes.shutdownNow();
    }
}
