package io.omniline.telephony.live;

import io.omniline.telephony.ami.event.AmiChannel;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEventListener;
import io.omniline.telephony.ami.event.QueueMemberState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queues, their waiting callers and their members, and what each agent is doing, kept from
 * the AMI event stream. Nothing here is stored: after a reconnect {@link #reset()} empties it
 * and the QueueStatus answer (QueueParams, QueueMember, QueueEntry) fills it again.
 */
public final class LiveState implements AmiEventListener {

    /** The industry's usual "answered within 20 seconds", for queues without servicelevel set. */
    static final int DEFAULT_SERVICE_LEVEL_SECONDS = 20;

    private final Clock clock;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final Map<String, ChannelSnapshot> channels = new LinkedHashMap<>();
    /** Agents ringing now, each with the caller (unique ID) whose queue call rings them. */
    private final Map<String, String> ringing = new ConcurrentHashMap<>();

    private final Set<String> onCall = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> wrapUpUntil = new ConcurrentHashMap<>();
    /** Agents whose queue calls we have seen since the last reset; their device state lags behind. */
    private final Set<String> followed = ConcurrentHashMap.newKeySet();

    public LiveState(Clock clock) {
        this.clock = clock;
    }

    /** Forgets everything: after a reconnect, until QueueStatus and CoreShowChannels fill it again. */
    public synchronized void reset() {
        resetQueues();
        channels.clear();
        ringing.clear();
        onCall.clear();
        wrapUpUntil.clear();
        followed.clear();
    }

    /** Forgets the queues and their members, which the next QueueStatus lists again (after a reload). */
    public synchronized void resetQueues() {
        queues.clear();
    }

    @Override
    public synchronized void onEvent(AmiEvent event) {
        switch (event) {
            case AmiEvent.Newchannel e -> channels.put(e.channel().uniqueId(), channel(e.channel()));
            case AmiEvent.CoreShowChannel e -> channels.put(e.channel().uniqueId(), channel(e.channel()));
            case AmiEvent.Newstate e -> update(e.channel());
            case AmiEvent.NewCallerid e -> update(e.channel());
            case AmiEvent.Hangup e -> channels.remove(e.channel().uniqueId());
            case AmiEvent.QueueParams e -> {
                Queue queue = queueNamed(e.queue());
                queue.completed = e.completed();
                queue.abandoned = e.abandoned();
                queue.serviceLevelSeconds = e.serviceLevel() > 0 ? e.serviceLevel() : DEFAULT_SERVICE_LEVEL_SECONDS;
            }
            case AmiEvent.QueueMember e -> member(e.member());
            case AmiEvent.QueueMemberAdded e -> member(e.member());
            case AmiEvent.QueueMemberStatus e -> member(e.member());
            case AmiEvent.QueueMemberPause e -> member(e.member());
            case AmiEvent.QueueMemberRemoved e ->
                queueNamed(e.member().queue()).members.remove(e.member().memberInterface());
            case AmiEvent.QueueEntry e ->
                queueNamed(e.queue()).callers.put(e.uniqueId(), clock.instant().minusSeconds(e.waitSeconds()));
            case AmiEvent.QueueCallerJoin e ->
                queueNamed(e.queue()).callers.put(e.caller().uniqueId(), clock.instant());
            case AmiEvent.QueueCallerLeave e -> {
                queueNamed(e.queue()).callers.remove(e.caller().uniqueId());
                stopRingingFor(e.caller().uniqueId());
            }
            case AmiEvent.QueueCallerAbandon e -> {
                Queue queue = queueNamed(e.queue());
                queue.callers.remove(e.caller().uniqueId());
                queue.abandoned++;
                stopRingingFor(e.caller().uniqueId());
            }
            case AmiEvent.AgentCalled e -> {
                followed.add(e.memberInterface());
                ringing.put(e.memberInterface(), e.caller().uniqueId());
            }
            case AmiEvent.AgentRingNoAnswer e -> ringing.remove(e.memberInterface());
            case AmiEvent.AgentConnect e -> {
                ringing.remove(e.memberInterface());
                onCall.add(e.memberInterface());
            }
            case AmiEvent.AgentComplete e -> {
                Queue queue = queueNamed(e.queue());
                queue.completed++;
                onCall.remove(e.memberInterface());
                Member member = queue.members.get(e.memberInterface());
                int wrapUp = member == null ? 0 : member.wrapUpSeconds;
                wrapUpUntil.put(e.memberInterface(), clock.instant().plusSeconds(wrapUp));
            }
            default -> {}
        }
    }

    /**
     * The caller left the queue: whatever still rang for them stops. A caller who hangs up while
     * an agent's phone rings leaves no AgentRingNoAnswer, only QueueCallerAbandon (ami-06), and a
     * caller answered by one agent stops the others' rings the same way.
     */
    private void stopRingingFor(String callerUniqueId) {
        ringing.values().removeIf(callerUniqueId::equals);
    }

    private void update(AmiChannel channel) {
        if (channels.containsKey(channel.uniqueId())) {
            channels.put(channel.uniqueId(), channel(channel));
        }
    }

    /** Every channel Asterisk has up now, oldest first. */
    public synchronized List<ChannelSnapshot> channels() {
        return List.copyOf(channels.values());
    }

    public synchronized Optional<ChannelSnapshot> channel(String uniqueId) {
        return Optional.ofNullable(channels.get(uniqueId));
    }

    public synchronized List<QueueSnapshot> queues() {
        List<QueueSnapshot> snapshots = new ArrayList<>();
        for (Queue queue : queues.values().stream()
                .sorted(Comparator.comparing(q -> q.name))
                .toList()) {
            Instant now = clock.instant();
            long longest = queue.callers.values().stream()
                    .min(Comparator.naturalOrder())
                    .map(joined -> Duration.between(joined, now).toSeconds())
                    .orElse(0L);
            Map<String, AgentStatus> agents = new TreeMap<>();
            queue.members.keySet().forEach(name -> agents.put(name, status(name)));
            snapshots.add(new QueueSnapshot(
                    queue.name,
                    List.copyOf(queue.callers.keySet()),
                    longest,
                    queue.completed,
                    queue.abandoned,
                    agents,
                    queue.serviceLevelSeconds));
        }
        return snapshots;
    }

    public synchronized Optional<QueueSnapshot> queue(String name) {
        return queues().stream().filter(queue -> queue.name().equals(name)).findFirst();
    }

    /** What the agent behind this interface (PJSIP/1001) is doing. */
    public synchronized AgentStatus status(String agentInterface) {
        List<Member> memberships = queues.values().stream()
                .map(queue -> queue.members.get(agentInterface))
                .filter(member -> member != null)
                .toList();
        // A queue call ringing or connected proves membership, even before the member event is seen.
        if (ringing.containsKey(agentInterface)) {
            return AgentStatus.RINGING;
        }
        if (onCall.contains(agentInterface)) {
            return AgentStatus.ON_CALL;
        }
        if (memberships.isEmpty()) {
            return AgentStatus.LOGGED_OFF;
        }
        Instant wrapUp = wrapUpUntil.get(agentInterface);
        if (wrapUp != null && clock.instant().isBefore(wrapUp)) {
            return AgentStatus.WRAP_UP;
        }
        if (memberships.stream().allMatch(member -> member.paused)) {
            return AgentStatus.PAUSED;
        }
        if (followed.contains(agentInterface)) {
            return AgentStatus.AVAILABLE;
        }
        // Right after a resync, before any queue call of theirs: Asterisk's device state says it.
        if (memberships.stream()
                .anyMatch(member -> member.inCall || member.deviceStatus == 2 || member.deviceStatus == 3)) {
            return AgentStatus.ON_CALL;
        }
        if (memberships.stream().anyMatch(member -> member.deviceStatus == 6)) {
            return AgentStatus.RINGING;
        }
        return AgentStatus.AVAILABLE;
    }

    /** When the agent's wrap-up after a queue call ends, while it lasts (queues.conf {@code wrapuptime}). */
    public synchronized Optional<Instant> wrapUpEndsAt(String agentInterface) {
        return Optional.ofNullable(wrapUpUntil.get(agentInterface))
                .filter(until -> clock.instant().isBefore(until));
    }

    /** The pause reason the agent gave, when paused. */
    public synchronized Optional<String> pauseReason(String agentInterface) {
        return queues.values().stream()
                .map(queue -> queue.members.get(agentInterface))
                .filter(member -> member != null && member.paused && !member.pausedReason.isEmpty())
                .map(member -> member.pausedReason)
                .findFirst();
    }

    private void member(QueueMemberState state) {
        Member member = queueNamed(state.queue()).members.computeIfAbsent(state.memberInterface(), key -> new Member());
        member.deviceStatus = state.status();
        member.paused = state.paused();
        member.pausedReason = state.pausedReason();
        member.inCall = state.inCall();
        member.wrapUpSeconds = state.wrapUpSeconds();
    }

    private static ChannelSnapshot channel(AmiChannel channel) {
        return new ChannelSnapshot(
                channel.uniqueId(),
                channel.linkedId(),
                channel.channel(),
                channel.stateDesc(),
                channel.callerIdNum(),
                channel.context(),
                channel.exten());
    }

    private Queue queueNamed(String name) {
        return queues.computeIfAbsent(name, Queue::new);
    }

    private static final class Queue {
        final String name;
        final Map<String, Instant> callers = new LinkedHashMap<>();
        final Map<String, Member> members = new LinkedHashMap<>();
        int completed;
        int abandoned;
        int serviceLevelSeconds = DEFAULT_SERVICE_LEVEL_SECONDS;

        Queue(String name) {
            this.name = name;
        }
    }

    private static final class Member {
        int deviceStatus;
        boolean paused;
        String pausedReason = "";
        boolean inCall;
        int wrapUpSeconds;
    }
}
