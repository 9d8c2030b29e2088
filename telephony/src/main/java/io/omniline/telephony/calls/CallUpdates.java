package io.omniline.telephony.calls;

import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.IllegalTransitionException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each step of a queued call does to its interaction, run by the {@link CallWorker} (so
 * each may run again after a database failure: each reads the interaction afresh and moves it
 * only from the states the step applies to). Calls Omniline did not route have no interaction
 * and change nothing. Hold and talk times are Asterisk's (HoldTime, TalkTime). A member with
 * no agent row still answers and completes the call, so such calls do not stay queued.
 */
public final class CallUpdates {

    private static final Logger log = LoggerFactory.getLogger(CallUpdates.class);
    private static final Set<InteractionState> WAITING = EnumSet.of(InteractionState.queued, InteractionState.offered);
    /** Metadata key set when the queue timed out, so a later hang-up is not taken for an abandon. */
    static final String QUEUE_TIMEOUT = "queueTimeout";
    /** Metadata key the IVR opens when it hands the caller to VoiceMail(). */
    static final String VOICEMAIL = "voicemail";
    /** {@code <astspooldir>/voicemail/<context>/<mailbox>/<folder>/msgNNNN}: the part after voicemail/ is kept. */
    private static final Pattern VOICEMAIL_MESSAGE = Pattern.compile(
            ".*/voicemail/([A-Za-z0-9_-]{1,80}/[A-Za-z0-9][A-Za-z0-9_.+-]{0,79}/[A-Za-z]{1,20}/msg[0-9]{4,5})");

    /** Calls whose ring is announced from memory at most (about the callers who can wait in queues at once). */
    private static final int MAX_REMEMBERED = 20_000;

    private final InteractionRepository interactions;
    private final AgentRepository agents;
    /**
     * The interaction of each call seen joining a queue, by the caller's Uniqueid, until the caller
     * is gone: a ring is announced from it without reading the call again.
     */
    private final Map<String, Long> queuedCalls = new ConcurrentHashMap<>();

    public CallUpdates(InteractionRepository interactions, AgentRepository agents) {
        this.interactions = interactions;
        this.agents = agents;
    }

    List<CallEvent> joined(String uniqueId, String queue, int position) {
        return call(uniqueId)
                .map(call -> {
                    if (queuedCalls.size() < MAX_REMEMBERED) {
                        queuedCalls.put(uniqueId, call.id());
                    }
                    if (call.state() == InteractionState.ivr) {
                        interactions.queue(call.id(), queue, call.priority());
                    }
                    return List.<CallEvent>of(new CallEvent.CallerQueued(call.id(), uniqueId, queue, position));
                })
                .orElse(List.of());
    }

    /**
     * A member's phone rings. For a call seen joining its queue the ring is announced at once, with
     * only the member's agent looked up; the offer is stored by {@link #offered} after it. Any other
     * call is read, offered and then announced.
     */
    List<CallEvent> ringing(String uniqueId, String memberInterface, String queue) {
        Long interactionId = queuedCalls.get(uniqueId);
        if (interactionId != null) {
            return List.of(new CallEvent.AgentRinging(
                    interactionId, uniqueId, agentId(memberInterface), memberInterface, queue));
        }
        return call(uniqueId)
                .map(call -> {
                    Long agentId = agentId(memberInterface);
                    if (agentId != null && call.state() == InteractionState.queued) {
                        interactions.offer(call.id(), agentId);
                    }
                    return List.<CallEvent>of(
                            new CallEvent.AgentRinging(call.id(), uniqueId, agentId, memberInterface, queue));
                })
                .orElse(List.of());
    }

    /** Stores the offer of a ring {@link #ringing} announced from memory; the first ring of a queued call makes it offered. */
    List<CallEvent> offered(String uniqueId, String memberInterface) {
        Long interactionId = queuedCalls.get(uniqueId);
        if (interactionId != null) {
            interactions.offerIfQueued(interactionId, memberInterface);
        }
        return List.of();
    }

    List<CallEvent> ringEnded(String uniqueId, String memberInterface, RingEnd how) {
        return call(uniqueId)
                .map(call -> {
                    if (how == RingEnd.NO_ANSWER && call.state() == InteractionState.offered) {
                        interactions.queue(call.id(), call.queueName(), call.priority());
                    }
                    return List.<CallEvent>of(new CallEvent.RingEnded(
                            call.id(), uniqueId, agentId(memberInterface), memberInterface, how));
                })
                .orElse(List.of());
    }

    /** @param stillRinging the other members the call rang at once (ringall): their ring ended */
    List<CallEvent> connected(
            String uniqueId, String memberInterface, String memberName, int holdSeconds, List<String> stillRinging) {
        return call(uniqueId)
                .map(call -> {
                    Long agentId = agentId(memberInterface);
                    List<CallEvent> events = new ArrayList<>();
                    for (String other : stillRinging) {
                        events.add(new CallEvent.RingEnded(
                                call.id(), uniqueId, agentId(other), other, RingEnd.ANSWERED_ELSEWHERE));
                    }
                    if (call.state() == InteractionState.ivr || WAITING.contains(call.state())) {
                        interactions.answerCall(call.id(), agentId, holdSeconds);
                        if (agentId == null) {
                            interactions.putMetadata(
                                    call.id(),
                                    Map.of("member", Map.of("interface", memberInterface, "name", memberName)));
                            log.info(
                                    "call {} answered by {} ({}), who is not an Omniline agent",
                                    uniqueId,
                                    memberInterface,
                                    memberName);
                        }
                    }
                    events.add(
                            new CallEvent.AgentConnected(call.id(), uniqueId, agentId, memberInterface, holdSeconds));
                    return events;
                })
                .orElse(List.of());
    }

    /**
     * The member's call ended. When the caller's Hangup got here first the call is in wrap-up
     * already, and only Asterisk's times are kept.
     */
    List<CallEvent> completed(String uniqueId, int holdSeconds, int talkSeconds, String reason) {
        return call(uniqueId)
                .map(call -> {
                    switch (call.state()) {
                        case active -> {
                            interactions.recordCallTimes(call.id(), holdSeconds, talkSeconds);
                            if (call.agentId() == null) {
                                interactions.endIfIn(
                                        call.id(), EnumSet.of(InteractionState.active), InteractionOutcome.completed);
                            } else {
                                interactions.wrapUpCall(call.id(), talkSeconds);
                            }
                            return List.<CallEvent>of(new CallEvent.CallCompleted(
                                    call.id(), uniqueId, call.agentId(), talkSeconds, reason));
                        }
                        case wrap_up, ended -> interactions.recordCallTimes(call.id(), holdSeconds, talkSeconds);
                        case queued, offered -> {
                            interactions.recordCallTimes(call.id(), holdSeconds, talkSeconds);
                            interactions.endIfIn(call.id(), WAITING, InteractionOutcome.completed);
                        }
                        case ivr -> log.warn("call {}: AgentComplete while in the IVR; left to the IVR", uniqueId);
                    }
                    return List.<CallEvent>of();
                })
                .orElse(List.of());
    }

    List<CallEvent> abandoned(String uniqueId, String queue, int holdSeconds, List<String> ringing) {
        queuedCalls.remove(uniqueId);
        return call(uniqueId)
                .map(call -> {
                    List<CallEvent> events = rings(call, uniqueId, ringing, RingEnd.CALLER_ABANDONED);
                    Optional<Interaction> ended =
                            interactions.endIfIn(call.id(), WAITING, InteractionOutcome.abandoned_in_queue);
                    if (ended.isPresent()) {
                        interactions.recordCallTimes(call.id(), holdSeconds, null);
                        events.add(new CallEvent.CallerAbandoned(call.id(), uniqueId, queue, holdSeconds));
                    }
                    return events;
                })
                .orElse(List.of());
    }

    /** Queue() gave up with the caller still there: back to the IVR (the dialplan resumes the flow, or hangs up). */
    List<CallEvent> timedOut(String uniqueId, String queue, int holdSeconds, List<String> ringing) {
        return call(uniqueId)
                .map(call -> {
                    List<CallEvent> events = rings(call, uniqueId, ringing, RingEnd.QUEUE_TIMEOUT);
                    if (interactions.backToIvrIfWaiting(call.id()).isPresent()) {
                        interactions.putMetadata(
                                call.id(), Map.of(QUEUE_TIMEOUT, Map.of("queue", queue, "waitedSeconds", holdSeconds)));
                        events.add(new CallEvent.QueueTimedOut(call.id(), uniqueId, queue, holdSeconds));
                    }
                    return events;
                })
                .orElse(List.of());
    }

    /**
     * The caller's channel hung up. Normally the queue events said it all already; this closes
     * what they could not: AgentComplete without the caller's block that nothing matched, an
     * abandon whose event was missed, a queue timeout the dialplan ended with a hang-up.
     */
    List<CallEvent> callerHungUp(String uniqueId) {
        queuedCalls.remove(uniqueId);
        return call(uniqueId)
                .map(call -> switch (call.state()) {
                    case queued, offered ->
                        interactions
                                .endIfIn(call.id(), WAITING, InteractionOutcome.abandoned_in_queue)
                                .<List<CallEvent>>map(ended -> List.of(
                                        new CallEvent.CallerAbandoned(call.id(), uniqueId, call.queueName(), 0)))
                                .orElse(List.of());
                    case active -> finishAnswered(call, uniqueId, "caller");
                    case ivr ->
                        call.metadata().containsKey(QUEUE_TIMEOUT)
                                ? end(call, InteractionOutcome.queue_timeout)
                                : List.<CallEvent>of();
                    case wrap_up, ended -> List.<CallEvent>of();
                })
                .orElse(List.of());
    }

    /** Reconciliation found the call gone from Asterisk; Omniline did not see how it ended. */
    List<CallEvent> gone(String uniqueId) {
        queuedCalls.remove(uniqueId);
        return call(uniqueId)
                .map(call -> switch (call.state()) {
                    case ivr ->
                        end(
                                call,
                                call.metadata().containsKey(QUEUE_TIMEOUT)
                                        ? InteractionOutcome.queue_timeout
                                        : InteractionOutcome.ended_unobserved);
                    case queued, offered -> end(call, InteractionOutcome.ended_unobserved);
                    case active -> finishAnswered(call, uniqueId, "unobserved");
                    case wrap_up, ended -> List.<CallEvent>of();
                })
                .orElse(List.of());
    }

    /** Reconciliation found the caller waiting in a queue while the interaction still says IVR (a missed join). */
    List<CallEvent> waiting(String uniqueId, String queue) {
        return call(uniqueId)
                .filter(call -> call.state() == InteractionState.ivr)
                .map(call -> joined(uniqueId, queue, 0))
                .orElse(List.of());
    }

    /**
     * VoiceMail() saved a message for the caller (VM_MESSAGEFILE, the message's path in Asterisk's
     * spool without extension). Kept as the path under the spool's {@code voicemail/} folder, once
     * it has the shape app_voicemail gives it; the message is played from there.
     */
    List<CallEvent> voicemailSaved(String uniqueId, String file) {
        call(uniqueId)
                .filter(call -> call.state() == InteractionState.ivr && voicemail(call) != null)
                .ifPresent(call -> {
                    Matcher message = VOICEMAIL_MESSAGE.matcher(file);
                    if (!message.matches()) {
                        log.warn(
                                "call {}: VoiceMail() saved a message at a path Omniline does not know the shape of: {}",
                                uniqueId,
                                file);
                        return;
                    }
                    Map<String, Object> voicemail = voicemail(call);
                    voicemail.put("message", message.group(1));
                    interactions.putMetadata(call.id(), Map.of(VOICEMAIL, voicemail));
                });
        return List.of();
    }

    /**
     * VoiceMail() returned (VMSTATUS). The call is a voicemail only when a message was saved;
     * SUCCESS without one (the caller hung up before the beep, or spoke too briefly) or USEREXIT
     * is a caller who left the IVR; FAILED is the dialplan's to report (voicemail-failed).
     */
    List<CallEvent> voicemailEnded(String uniqueId, String status) {
        call(uniqueId)
                .filter(call -> call.state() == InteractionState.ivr && voicemail(call) != null)
                .ifPresent(call -> {
                    if (status.equals("FAILED")) {
                        return;
                    }
                    Map<String, Object> voicemail = voicemail(call);
                    boolean left = status.equals("SUCCESS") && voicemail.get("message") != null;
                    voicemail.put("status", left ? "left" : "no_message");
                    interactions.putMetadata(call.id(), Map.of(VOICEMAIL, voicemail));
                    end(call, left ? InteractionOutcome.voicemail : InteractionOutcome.abandoned_in_ivr);
                });
        return List.of();
    }

    /** The voicemail metadata the IVR opened, as a map to change and store again; null when the call had none. */
    private static Map<String, Object> voicemail(Interaction call) {
        if (!(call.metadata().get(VOICEMAIL) instanceof Map<?, ?> voicemail)) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        voicemail.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }

    List<CallEvent> transferred(String uniqueId, String kind, String target) {
        return call(uniqueId)
                .map(call -> {
                    interactions.putMetadata(call.id(), Map.of("transferredTo", target, "transferKind", kind));
                    return List.<CallEvent>of(
                            new CallEvent.Transferred(call.id(), uniqueId, call.agentId(), kind, target));
                })
                .orElse(List.of());
    }

    /** Talk over without Asterisk's AgentComplete (yet): its TalkTime is kept if it comes later. */
    private List<CallEvent> finishAnswered(Interaction call, String uniqueId, String endedBy) {
        try {
            if (call.agentId() == null) {
                interactions.endIfIn(call.id(), EnumSet.of(InteractionState.active), InteractionOutcome.completed);
            } else {
                interactions.wrapUpCall(call.id(), null);
            }
        } catch (IllegalTransitionException e) {
            return List.of();
        }
        return List.of(new CallEvent.CallCompleted(call.id(), uniqueId, call.agentId(), null, endedBy));
    }

    private List<CallEvent> end(Interaction call, InteractionOutcome outcome) {
        interactions
                .endIfIn(call.id(), EnumSet.of(call.state()), outcome)
                .ifPresent(ended -> log.info("call {} closed as {}", call.externalId(), outcome.getLiteral()));
        return List.of();
    }

    private List<CallEvent> rings(Interaction call, String uniqueId, List<String> ringing, RingEnd how) {
        List<CallEvent> events = new ArrayList<>();
        for (String member : ringing) {
            events.add(new CallEvent.RingEnded(call.id(), uniqueId, agentId(member), member, how));
        }
        return events;
    }

    private Optional<Interaction> call(String uniqueId) {
        return interactions.findByExternalId(Channel.voice, uniqueId);
    }

    /** The member's interface (PJSIP/1001) names the agent; null for a member Omniline does not know. */
    private Long agentId(String memberInterface) {
        return agents.idBySipInterface(memberInterface).orElse(null);
    }
}
