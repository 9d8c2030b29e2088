package io.omniline.bridge.conversations;

/** Told about every committed change to a digital conversation; must not block. */
@FunctionalInterface
public interface ConversationListener {

    void on(ConversationEvent event);
}
