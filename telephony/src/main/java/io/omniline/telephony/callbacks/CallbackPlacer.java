package io.omniline.telephony.callbacks;

import io.omniline.db.agent.AgentRepository;
import io.omniline.db.callback.CallbackRepository;
import io.omniline.db.callback.CallbackRequest;
import io.omniline.db.callback.CallbackState;
import io.omniline.telephony.ami.AmiAction;
import io.omniline.telephony.ami.AmiException;
import io.omniline.telephony.ami.AmiLink;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.live.AgentStatus;
import io.omniline.telephony.live.LiveModelStatus;
import io.omniline.telephony.live.LiveState;
import io.omniline.telephony.live.QueueSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places due callbacks: for each queue with a callback due and no caller waiting, each member the
 * live model shows available gets the oldest due request, claimed in the database (so no other
 * node places it, and no phone carries two), then Asterisk calls the agent's phone with an async
 * Originate into {@code [omniline-callback-out]}, which dials the customer once the agent answers.
 * How the placement ends comes as events ({@link CallbackTracker}); a placement that hears nothing
 * within its limit (a node that stopped, events lost) is given up and tried again. Nothing is
 * placed while the live model is incomplete: "available" would be a guess.
 */
public final class CallbackPlacer {

    private static final Logger log = LoggerFactory.getLogger(CallbackPlacer.class);
    /** The dialplan context that dials the customer from the agent's answered channel (asterisk-conf). */
    public static final String CONTEXT = "omniline-callback-out";

    private final CallbackRepository callbacks;
    private final AgentRepository agents;
    private final LiveState live;
    private final Supplier<LiveModelStatus> liveStatus;
    private final AmiLink ami;
    private final CallbackSettings settings;
    private final Clock clock;

    public CallbackPlacer(
            CallbackRepository callbacks,
            AgentRepository agents,
            LiveState live,
            Supplier<LiveModelStatus> liveStatus,
            AmiLink ami,
            CallbackSettings settings,
            Clock clock) {
        this.callbacks = callbacks;
        this.agents = agents;
        this.live = live;
        this.liveStatus = liveStatus;
        this.ami = ami;
        this.settings = settings;
        this.clock = clock;
    }

    /** One pass: gives up overdue placements, then places what is due to whoever is free. */
    public void placeDue() {
        Instant now = clock.instant();
        for (CallbackRequest lost : callbacks.overdue(now)) {
            boolean customerCalled = lost.state() == CallbackState.calling_customer;
            callbacks
                    .placementEnded(
                            lost.id(),
                            lost.placement(),
                            "no word from Asterisk about the call",
                            customerCalled,
                            attempts -> customerCalled
                                    ? settings.retryAfter(now, attempts)
                                    : now.plus(settings.agentRetry()))
                    .ifPresent(ended -> log.warn(
                            "callback {}: placement {} to {} heard nothing from Asterisk in time; {}",
                            ended.id(),
                            lost.placement(),
                            lost.agentInterface(),
                            ended.state()));
        }
        if (!liveStatus.get().complete()) {
            return;
        }
        for (String queue : callbacks.queuesDue(now)) {
            Optional<QueueSnapshot> snapshot = live.queue(queue);
            if (snapshot.isEmpty() || !snapshot.get().callers().isEmpty()) {
                continue;
            }
            for (Map.Entry<String, AgentStatus> member : snapshot.get().agents().entrySet()) {
                if (member.getValue() == AgentStatus.AVAILABLE) {
                    place(queue, member.getKey(), now);
                }
            }
        }
    }

    private void place(String queue, String agentInterface, Instant now) {
        Long agentId = agents.idBySipInterface(agentInterface).orElse(null);
        Optional<CallbackRequest> claimed =
                callbacks.claim(queue, agentInterface, agentId, now, now.plus(settings.placementLimit()));
        if (claimed.isEmpty()) {
            return;
        }
        CallbackRequest request = claimed.get();
        String refused;
        try {
            AmiPacket answer = ami.send(originate(request));
            if ("Success".equalsIgnoreCase(answer.get("Response").orElse(""))) {
                log.info(
                        "callback {}: calling {} of queue {} first, then the customer (placement {})",
                        request.id(),
                        agentInterface,
                        queue,
                        request.placement());
                return;
            }
            refused = answer.get("Message").orElse("no reason given");
        } catch (AmiException e) {
            refused = e.getMessage();
        }
        log.warn("callback {}: Asterisk did not take the call to {}: {}", request.id(), agentInterface, refused);
        callbacks.placementEnded(
                request.id(),
                request.placement(),
                "Asterisk did not take the call: " + refused,
                false,
                attempts -> now.plus(settings.agentRetry()));
    }

    /**
     * The agent's phone first ({@code Channel}); once answered, its channel runs the customer's
     * number ({@code Exten}, E.164 with its +) in the callback context. The agent's phone shows
     * the customer's number. ActionID and CALLBACK_ID as in ami-16; the ActionID also names the
     * placement, so its OriginateResponse is matched to it on any node.
     */
    private AmiAction originate(CallbackRequest request) {
        return AmiAction.of("Originate")
                .withActionId(CallbackTracker.actionId(request.id(), request.placement()))
                .with("Channel", request.agentInterface())
                .with("Context", CONTEXT)
                .with("Exten", request.number())
                .with("Priority", "1")
                .with("CallerID", "\"Callback " + request.number() + "\" <" + request.number() + ">")
                .with("Timeout", String.valueOf(settings.agentRing().toMillis()))
                .with("Variable", "CALLBACK_ID=cb-" + request.id())
                .with("Async", "true");
    }
}
