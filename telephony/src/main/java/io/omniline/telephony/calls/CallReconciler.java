package io.omniline.telephony.calls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.telephony.live.Reconciliation;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open voice interactions against what Asterisk has: an interaction whose caller channel is
 * gone was ended while Omniline could not see it (an AMI gap, a lost event) and is closed with
 * an outcome that says so; one still up is followed again, so its Hangup is not missed; one
 * Asterisk has waiting in a queue while the interaction still says IVR is queued. The closing
 * goes through the call's own queue in the {@link CallWorker}, after anything still pending for it.
 *
 * <p>With several Asterisk servers each has a reconciler of its own, and a channel on another
 * server would look gone: so a call carries the server it is on ({@value #SERVER}, in its
 * metadata), written by the first pass that finds its channel there, and each reconciler judges
 * only its own calls and those no server has claimed yet only when it finds them.
 */
public final class CallReconciler implements Reconciliation {

    /** The metadata key naming the Asterisk server a call is on. */
    public static final String SERVER = "asterisk_server";

    private static final Logger log = LoggerFactory.getLogger(CallReconciler.class);

    private final InteractionRepository interactions;
    private final String server;
    private final boolean onlyServer;
    private final CallEventTracker tracker;
    private final Counter closed;

    /**
     * @param server the name of the Asterisk server this reconciler compares with
     * @param onlyServer whether it is the only one, so that every call is on it
     */
    public CallReconciler(
            InteractionRepository interactions,
            CallEventTracker tracker,
            MeterRegistry registry,
            String server,
            boolean onlyServer) {
        this.interactions = interactions;
        this.server = server;
        this.onlyServer = onlyServer;
        this.tracker = tracker;
        this.closed = Counter.builder("omniline_ami_calls_reconciled_total")
                .description("open calls found gone from Asterisk and closed by reconciliation")
                .register(registry);
    }

    @Override
    public Pass begin() {
        List<Interaction> open = interactions.openCalls();
        return (channels, waiting) -> {
            for (Interaction call : open) {
                String uniqueId = call.externalId();
                Object on = call.metadata().get(SERVER);
                if (on != null && !on.equals(server)) {
                    continue;
                }
                if (!channels.contains(uniqueId)) {
                    if (on != null || onlyServer) {
                        closed.increment();
                        tracker.gone(uniqueId);
                    }
                    continue;
                }
                if (on == null && !onlyServer) {
                    claim(call);
                }
                tracker.follow(uniqueId);
                String queue = waiting.get(uniqueId);
                if (queue != null && call.state() == InteractionState.ivr) {
                    tracker.waiting(uniqueId, queue);
                }
            }
        };
    }

    /** Best effort: a call not claimed now is claimed by the next pass that finds it. */
    private void claim(Interaction call) {
        try {
            interactions.putMetadata(call.id(), Map.of(SERVER, server));
        } catch (RuntimeException e) {
            log.warn(
                    "call {} could not be marked as on Asterisk '{}' ({}); the next pass tries again",
                    call.id(),
                    server,
                    e.toString());
        }
    }
}
