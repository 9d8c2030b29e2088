package io.omniline.bridge.events;

/** Told about every committed change to a digital conversation; must not block. */
@FunctionalInterface
public interface ConversationListener {

    void on(ConversationEvent event);
}
