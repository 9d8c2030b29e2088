package io.omniline.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.events.ConversationListener;

/**
 * Counts what the digital channels commit, from their events: messages stored by channel and
 * author ({@code omniline_digital_messages_total}) and offers made to agents
 * ({@code omniline_digital_offers_total}).
 */
final class ConversationMetrics implements ConversationListener {

    private final MeterRegistry registry;

    ConversationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void on(ConversationEvent event) {
        switch (event) {
            case ConversationEvent.MessageStored stored ->
                Counter.builder("omniline_digital_messages_total")
                        .tag("channel", stored.interaction().channel().getLiteral())
                        .tag("author", stored.message().authorKind().getLiteral())
                        .register(registry)
                        .increment();
            case ConversationEvent.Offered offered ->
                Counter.builder("omniline_digital_offers_total")
                        .tag("channel", offered.offer().channel().getLiteral())
                        .register(registry)
                        .increment();
            default -> {}
        }
    }
}
