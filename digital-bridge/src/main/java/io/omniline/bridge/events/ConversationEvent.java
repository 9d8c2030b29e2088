package io.omniline.bridge.events;

import io.omniline.db.digital.Offer;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.Message;

/** Something that happened in a digital conversation, after it was committed. */
public sealed interface ConversationEvent {

    long interactionId();

    /** A message is stored; {@code authorName} is the agent's display name or the visitor's given name. */
    record MessageStored(Interaction interaction, Message message, String authorName) implements ConversationEvent {
        @Override
        public long interactionId() {
            return interaction.id();
        }
    }

    /**
     * Someone is writing a message (never stored): the customer, or {@code agentId}, the agent who
     * serves the conversation; it is that agent who hears of a customer typing.
     */
    record Typing(long interactionId, AuthorKind author, long agentId) implements ConversationEvent {}

    record Offered(Offer offer) implements ConversationEvent {
        @Override
        public long interactionId() {
            return offer.interactionId();
        }
    }

    record Accepted(Interaction interaction, String agentName) implements ConversationEvent {
        @Override
        public long interactionId() {
            return interaction.id();
        }
    }

    /** Back in a queue for someone else; the customer keeps the conversation and its history. */
    record Transferred(Interaction interaction) implements ConversationEvent {
        @Override
        public long interactionId() {
            return interaction.id();
        }
    }

    /** The conversation is over for the customer (the agent may still be writing it up). */
    record Closed(Interaction interaction, AuthorKind by) implements ConversationEvent {
        @Override
        public long interactionId() {
            return interaction.id();
        }
    }

    /**
     * The conversation now belongs to another customer: the contact proved who they are, or an
     * agent linked them after checking. The customer's history opens to the agent serving it.
     */
    record CustomerChanged(Interaction interaction) implements ConversationEvent {
        @Override
        public long interactionId() {
            return interaction.id();
        }
    }
}
