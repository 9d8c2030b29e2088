package io.omniline.bridge.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to every listener on this node. A listener that throws is logged and the
 * others still hear the event: the event is already committed, so nothing is lost with it.
 */
public final class ConversationEvents implements ConversationListener {

    private static final Logger log = LoggerFactory.getLogger(ConversationEvents.class);

    private final List<ConversationListener> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(ConversationListener listener) {
        listeners.add(listener);
    }

    public void unsubscribe(ConversationListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void on(ConversationEvent event) {
        for (ConversationListener listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                log.warn(
                        "conversation listener failed on {} for interaction {}",
                        event.getClass().getSimpleName(),
                        event.interactionId(),
                        e);
            }
        }
    }
}
