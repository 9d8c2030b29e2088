package io.omniline.db.timeline;

import io.omniline.db.interaction.Interaction;
import io.omniline.db.message.Message;
import java.util.List;

/** One interaction of a customer's history with its messages in the order they were sent. */
public record TimelineEntry(Interaction interaction, List<Message> messages) {}
