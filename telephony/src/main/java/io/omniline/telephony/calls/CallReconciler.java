package io.omniline.telephony.calls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.telephony.live.Reconciliation;
import java.util.List;

/**
 * Open voice interactions against what Asterisk has: an interaction whose caller channel is
 * gone was ended while Omniline could not see it (an AMI gap, a lost event) and is closed with
 * an outcome that says so; one still up is followed again, so its Hangup is not missed; one
 * Asterisk has waiting in a queue while the interaction still says IVR is queued. The closing
 * goes through the call's own queue in the {@link CallWorker}, after anything still pending for it.
 * Assumes one Asterisk server: a channel on another would look gone.
 */
public final class CallReconciler implements Reconciliation {

    private final InteractionRepository interactions;
    private final CallEventTracker tracker;
    private final Counter closed;

    public CallReconciler(InteractionRepository interactions, CallEventTracker tracker, MeterRegistry registry) {
        this.interactions = interactions;
        this.tracker = tracker;
        this.closed = Counter.builder("omniline_ami_calls_reconciled_total")
                .description("open calls found gone from Asterisk and closed by reconciliation").register(registry);
    }

    @Override
    public Pass begin() {
        List<Interaction> open = interactions.openCalls();
        return (channels, waiting) -> {
            for (Interaction call : open) {
                String uniqueId = call.externalId();
                if (!channels.contains(uniqueId)) {
                    closed.increment();
                    tracker.gone(uniqueId);
                    continue;
                }
                tracker.follow(uniqueId);
                String queue = waiting.get(uniqueId);
                if (queue != null && call.state() == InteractionState.ivr) {
                    tracker.waiting(uniqueId, queue);
                }
            }
        };
    }
}
