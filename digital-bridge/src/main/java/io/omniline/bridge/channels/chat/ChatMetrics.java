package io.omniline.bridge.channels.chat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What the gateway counts: open sockets, stored messages and the time to their ack, refusals by reason. */
final class ChatMetrics {

    private final MeterRegistry registry;
    private final Timer ack;

    ChatMetrics(MeterRegistry registry, Supplier<Number> openSockets) {
        this.registry = registry;
        this.ack = Timer.builder("omniline_chat_ack")
                .description("from a visitor's message arriving to its ack being written, after the commit")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        Gauge.builder(
                        "omniline_chat_sockets_open",
                        openSockets,
                        supplier -> supplier.get().doubleValue())
                .strongReference(true)
                .register(registry);
    }

    void acked(long nanos) {
        ack.record(nanos, TimeUnit.NANOSECONDS);
    }

    void abandoned(int chats) {
        if (chats > 0) {
            Counter.builder("omniline_chat_abandoned_total")
                    .description("chats ended because the visitor left before an agent came")
                    .register(registry)
                    .increment(chats);
        }
    }

    void refused(String reason) {
        Counter.builder("omniline_chat_refused_total")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
