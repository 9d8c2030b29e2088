package io.omniline.telephony.calls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.interaction.IllegalTransitionException;
import io.omniline.telephony.ami.AmiSessionListener;
import io.omniline.telephony.ami.event.AmiChannel;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEventListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows queued calls through AMI's queue events, on the AMI reader, in memory only: which
 * members ring for which call, who answered it, which agent legs and bridges belong to it. From
 * that it decides what each event means for the call and hands the database work to the
 * {@link CallWorker}, keyed by the caller's Uniqueid (the IVR's {@code agi_uniqueid}).
 *
 * <p>What Asterisk does that this has to see through (captures ami-13a, ami-13b, ami-16):
 * AgentComplete may lack the caller's block, the agent's block or both; it is matched by the
 * agent's leg, the bridge the leg was in, or the member's current call (from AgentConnect), and
 * the caller's Hangup ends an answered call whose AgentComplete never matched. QueueCallerAbandon
 * is also what a queue timeout sends; only the {@code VarSet QUEUESTATUS=TIMEOUT} that follows
 * (with no Hangup) tells a timeout from a caller who hung up, so an abandon waits for one or
 * the other.
 */
public final class CallEventTracker implements AmiEventListener, AmiSessionListener {

    private static final Logger log = LoggerFactory.getLogger(CallEventTracker.class);

    /**
     * What VoiceMail() sets on the caller's channel (ami-15, fact 60): VM_MESSAGEFILE once a message
     * is saved, then VMSTATUS; they come after the caller hung up, when the dialplan can no longer
     * ask Omniline anything, so AMI is where a left message is seen.
     */
    private static final Set<String> VOICEMAIL_VARIABLES = Set.of("VM_MESSAGEFILE", "VMSTATUS");

    private final CallWorker worker;
    private final CallUpdates updates;
    private final Counter unmatched;
    /** Callers seen in a queue since the last login, by Uniqueid. */
    private final Map<String, Followed> calls = new HashMap<>();
    /** Member interface → the caller it is talking to (AgentConnect until AgentComplete). */
    private final Map<String, String> memberCalls = new HashMap<>();
    /** Agent leg Uniqueid → caller Uniqueid. */
    private final Map<String, String> agentLegs = new HashMap<>();
    /** Bridge → the channels in it. */
    private final Map<String, Set<String>> bridges = new HashMap<>();

    public CallEventTracker(CallWorker worker, CallUpdates updates, MeterRegistry registry) {
        this.worker = worker;
        this.updates = updates;
        this.unmatched = Counter.builder("omniline_ami_unmatched_agent_complete_total")
                .description("AgentComplete events no call could be matched to (the caller's Hangup closes the call)")
                .register(registry);
    }

    private static final class Followed {
        final Set<String> ringing = new LinkedHashSet<>();
        final Set<String> legs = new HashSet<>();
        AmiEvent.QueueCallerAbandon abandon;
    }

    /** A new connection: events were missed, so what was remembered may be wrong; reconciliation follows. */
    @Override
    public synchronized void loggedIn() {
        calls.clear();
        memberCalls.clear();
        agentLegs.clear();
        bridges.clear();
    }

    @Override
    public void lost(String reason) {
        // Nothing to do until the next login: events cannot arrive meanwhile.
    }

    /** Reconciliation found the call still up: watch for its Hangup. */
    public synchronized void follow(String uniqueId) {
        calls.computeIfAbsent(uniqueId, id -> new Followed());
    }

    @Override
    public synchronized void onEvent(AmiEvent event) {
        switch (event) {
            case AmiEvent.QueueCallerJoin e -> {
                String caller = e.caller().uniqueId();
                follow(caller);
                submit(caller, "QueueCallerJoin", () -> updates.joined(caller, e.queue(), e.position()));
            }
            case AmiEvent.AgentCalled e -> {
                String caller = e.caller().uniqueId();
                Followed call = calls.computeIfAbsent(caller, id -> new Followed());
                call.ringing.add(e.memberInterface());
                leg(call, caller, e.agent());
                submit(caller, "AgentCalled", () -> updates.ringing(caller, e.memberInterface(), e.queue()));
                submit(caller, "AgentCalled (offer)", () -> updates.offered(caller, e.memberInterface()));
            }
            case AmiEvent.AgentRingNoAnswer e -> {
                String caller = e.caller() != null ? e.caller().uniqueId() : ringingCaller(e.memberInterface());
                if (caller == null) {
                    return;
                }
                Followed call = calls.get(caller);
                if (call != null) {
                    call.ringing.remove(e.memberInterface());
                }
                submit(
                        caller,
                        "AgentRingNoAnswer",
                        () -> updates.ringEnded(caller, e.memberInterface(), RingEnd.NO_ANSWER));
            }
            case AmiEvent.AgentConnect e -> {
                String caller = e.caller().uniqueId();
                Followed call = calls.computeIfAbsent(caller, id -> new Followed());
                call.ringing.remove(e.memberInterface());
                List<String> others = new ArrayList<>(call.ringing);
                call.ringing.clear();
                leg(call, caller, e.agent());
                memberCalls.put(e.memberInterface(), caller);
                submit(
                        caller,
                        "AgentConnect",
                        () -> updates.connected(caller, e.memberInterface(), e.memberName(), e.holdTime(), others));
            }
            case AmiEvent.AgentComplete e -> {
                String caller = callerOf(e);
                if (caller == null) {
                    unmatched.increment();
                    log.warn(
                            "AgentComplete of {} in queue {} matches no call; the caller's hang-up or reconciliation closes it",
                            e.memberInterface(),
                            e.queue());
                    return;
                }
                memberCalls.remove(e.memberInterface(), caller);
                submit(
                        caller,
                        "AgentComplete",
                        () -> updates.completed(caller, e.holdTime(), e.talkTime(), e.reason()));
            }
            case AmiEvent.QueueCallerAbandon e -> {
                Followed call = calls.computeIfAbsent(e.caller().uniqueId(), id -> new Followed());
                call.abandon = e;
            }
            case AmiEvent.VarSet e
            when e.channel() != null && "QUEUESTATUS".equals(e.variable()) && "TIMEOUT".equals(e.value()) ->
                timedOut(e.channel().uniqueId());
            case AmiEvent.VarSet e
            when e.channel() != null && VOICEMAIL_VARIABLES.contains(e.variable()) -> {
                String caller = e.channel().uniqueId();
                submit(
                        caller,
                        e.variable(),
                        () -> e.variable().equals("VMSTATUS")
                                ? updates.voicemailEnded(caller, e.value())
                                : updates.voicemailSaved(caller, e.value()));
            }
            case AmiEvent.Hangup e -> hungUp(e.channel().uniqueId());
            case AmiEvent.BridgeEnter e ->
                bridges.computeIfAbsent(e.bridge().uniqueId(), id -> new HashSet<>())
                        .add(e.channel().uniqueId());
            case AmiEvent.BridgeLeave e -> {
                Set<String> members = bridges.get(e.bridge().uniqueId());
                if (members != null) {
                    members.remove(e.channel().uniqueId());
                }
            }
            case AmiEvent.BridgeDestroy e -> bridges.remove(e.bridge().uniqueId());
            case AmiEvent.BlindTransfer e
            when !e.transfereeUniqueId().isEmpty() ->
                submit(
                        e.transfereeUniqueId(),
                        "BlindTransfer",
                        () -> updates.transferred(e.transfereeUniqueId(), "blind", e.extension()));
            case AmiEvent.AttendedTransfer e
            when !e.transfereeUniqueId().isEmpty() -> {
                String target =
                        e.transferTargetChannel().isEmpty() ? e.secondTransfererExten() : e.transferTargetChannel();
                submit(
                        e.transfereeUniqueId(),
                        "AttendedTransfer",
                        () -> updates.transferred(e.transfereeUniqueId(), "attended", target));
            }
            default -> {}
        }
    }

    /** Called by reconciliation: the call is gone from Asterisk. */
    public void gone(String uniqueId) {
        submit(uniqueId, "reconciliation (call gone)", () -> updates.gone(uniqueId));
    }

    /** Called by reconciliation: the caller waits in a queue the interaction does not know of. */
    public void waiting(String uniqueId, String queue) {
        submit(uniqueId, "reconciliation (waiting in " + queue + ")", () -> updates.waiting(uniqueId, queue));
    }

    private void timedOut(String caller) {
        Followed call = calls.get(caller);
        if (call == null || call.abandon == null) {
            return;
        }
        AmiEvent.QueueCallerAbandon abandon = call.abandon;
        call.abandon = null;
        List<String> ringing = new ArrayList<>(call.ringing);
        call.ringing.clear();
        submit(caller, "queue timeout", () -> updates.timedOut(caller, abandon.queue(), abandon.holdTime(), ringing));
    }

    private void hungUp(String uniqueId) {
        Followed call = calls.remove(uniqueId);
        if (call == null) {
            return;
        }
        call.legs.forEach(agentLegs::remove);
        List<String> ringing = new ArrayList<>(call.ringing);
        AmiEvent.QueueCallerAbandon abandon = call.abandon;
        if (abandon != null) {
            submit(
                    uniqueId,
                    "QueueCallerAbandon",
                    () -> updates.abandoned(uniqueId, abandon.queue(), abandon.holdTime(), ringing));
        } else {
            submit(uniqueId, "caller Hangup", () -> updates.callerHungUp(uniqueId));
        }
    }

    private void leg(Followed call, String caller, AmiChannel agent) {
        if (agent != null) {
            call.legs.add(agent.uniqueId());
            agentLegs.put(agent.uniqueId(), caller);
        }
    }

    /** The caller's block; else the agent's leg, directly or through its bridge; else the member's current call. */
    private String callerOf(AmiEvent.AgentComplete e) {
        if (e.caller() != null) {
            return e.caller().uniqueId();
        }
        if (e.agent() != null) {
            String leg = e.agent().uniqueId();
            String caller = agentLegs.get(leg);
            if (caller != null) {
                return caller;
            }
            for (Set<String> bridged : bridges.values()) {
                if (bridged.contains(leg)) {
                    for (String channel : bridged) {
                        if (calls.containsKey(channel)) {
                            return channel;
                        }
                    }
                }
            }
        }
        return memberCalls.get(e.memberInterface());
    }

    private String ringingCaller(String memberInterface) {
        for (Map.Entry<String, Followed> call : calls.entrySet()) {
            if (call.getValue().ringing.contains(memberInterface)) {
                return call.getKey();
            }
        }
        return null;
    }

    /** An out-of-order event moves nothing; the database's transition rule says so. */
    private void submit(String caller, String what, CallWorker.Task task) {
        worker.submit(caller, what, () -> {
            try {
                return task.run();
            } catch (IllegalTransitionException e) {
                log.debug("call {}: {} arrived out of order: {}", caller, what, e.getMessage());
                return List.of();
            }
        });
    }
}
