package io.omniline.telephony.callbacks;

import io.omniline.db.callback.CallbackRepository;
import io.omniline.telephony.ami.AmiSessionListener;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEventListener;
import io.omniline.telephony.calls.CallWorker;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the callbacks being placed, on the AMI reader: the Originate's {@code OriginateResponse}
 * (its ActionID names the request and placement; facts 66–68) says whether the agent answered;
 * then the agent's channel dials the customer, and that Dial's {@code DialEnd} says whether the
 * customer answered. The channel ending before that ends the placement too. The database work
 * goes to the {@link CallWorker} (retried through an outage), keyed by the request; every node
 * that hears Asterisk reports the same steps, and the repository applies each once.
 */
public final class CallbackTracker implements AmiEventListener, AmiSessionListener {

    private static final Logger log = LoggerFactory.getLogger(CallbackTracker.class);
    private static final Pattern ACTION_ID = Pattern.compile("callback-cb-(\\d{1,18})-(\\d{1,9})");

    private final CallbackRepository callbacks;
    private final CallWorker worker;
    private final CallbackSettings settings;
    private final Clock clock;
    /** The agent's answered channel (Uniqueid) → its placement, until the customer's Dial ends. */
    private final Map<String, Placement> dialling = new HashMap<>();

    public CallbackTracker(CallbackRepository callbacks, CallWorker worker, CallbackSettings settings, Clock clock) {
        this.callbacks = callbacks;
        this.worker = worker;
        this.settings = settings;
        this.clock = clock;
    }

    private record Placement(long id, int placement) {}

    static String actionId(long id, int placement) {
        return "callback-cb-" + id + "-" + placement;
    }

    @Override
    public synchronized void onEvent(AmiEvent event) {
        switch (event) {
            case AmiEvent.OriginateResponse e -> {
                Matcher matcher = ACTION_ID.matcher(e.actionId());
                if (matcher.matches()) {
                    originated(new Placement(Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2))), e);
                }
            }
            case AmiEvent.DialEnd e
            when e.caller() != null && dialling.containsKey(e.caller().uniqueId()) -> {
                Placement placement = dialling.remove(e.caller().uniqueId());
                if ("ANSWER".equals(e.dialStatus())) {
                    submit(
                            placement,
                            "the customer answered",
                            () -> callbacks.completed(placement.id(), placement.placement()));
                } else {
                    customerNotReached(placement, customerResult(e.dialStatus()));
                }
            }
            case AmiEvent.Hangup e
            when dialling.containsKey(e.channel().uniqueId()) ->
                customerNotReached(
                        dialling.remove(e.channel().uniqueId()), "the call ended before the customer answered");
            default -> {}
        }
    }

    private void originated(Placement placement, AmiEvent.OriginateResponse e) {
        if (e.success() && e.uniqueId() != null) {
            dialling.put(e.uniqueId(), placement);
            submit(
                    placement,
                    "the agent answered",
                    () -> callbacks.agentAnswered(placement.id(), placement.placement(), e.uniqueId()));
            return;
        }
        String result = agentResult(e.reason());
        Instant now = clock.instant();
        submit(
                placement,
                result,
                () -> callbacks.placementEnded(
                        placement.id(),
                        placement.placement(),
                        result,
                        false,
                        attempts -> now.plus(settings.agentRetry())));
    }

    private void customerNotReached(Placement placement, String result) {
        Instant now = clock.instant();
        submit(
                placement,
                result,
                () -> callbacks.placementEnded(
                        placement.id(),
                        placement.placement(),
                        result,
                        true,
                        attempts -> settings.retryAfter(now, attempts)));
    }

    /** A new connection: what was being dialled may have ended unseen; the placement limit settles those. */
    @Override
    public synchronized void loggedIn() {
        dialling.clear();
    }

    @Override
    public void lost(String reason) {
        // Nothing arrives until the next login.
    }

    private void submit(Placement placement, String what, java.util.function.Supplier<?> step) {
        worker.submit("callback-" + placement.id(), "callback: " + what, () -> {
            step.get();
            log.info("callback {} (placement {}): {}", placement.id(), placement.placement(), what);
            return List.of();
        });
    }

    /** OriginateResponse's Reason (fact 68): what became of the call to the agent's phone. */
    static String agentResult(int reason) {
        return switch (reason) {
            case 3 -> "the agent did not answer";
            case 5 -> "the agent's phone was busy";
            case 1 -> "the agent's phone hung up";
            case 8 -> "the agent's phone could not be reached (congestion)";
            default -> "the agent's phone could not be called";
        };
    }

    /** The customer's Dial(): DIALSTATUS in words. */
    static String customerResult(String dialStatus) {
        return switch (dialStatus) {
            case "NOANSWER" -> "the customer did not answer";
            case "BUSY" -> "the customer's line was busy";
            case "CANCEL" -> "the agent hung up before the customer answered";
            case "CONGESTION", "CHANUNAVAIL" -> "the customer's number could not be reached";
            default -> "the call to the customer ended (" + dialStatus + ")";
        };
    }
}
