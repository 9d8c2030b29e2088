package io.omniline.telephony.live;

import io.omniline.telephony.ami.AmiPacket;
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
import java.util.function.Consumer;

/**
 * Queues, their waiting callers and their members, and what each agent is doing, kept from
 * the AMI event stream. Nothing here is stored: after a reconnect {@link #reset()} empties it
 * and the QueueStatus answer (QueueParams, QueueMember, QueueEntry) fills it again.
 */
public final class LiveState implements Consumer<AmiPacket> {

    /** The industry's usual "answered within 20 seconds", for queues without servicelevel set. */
    static final int DEFAULT_SERVICE_LEVEL_SECONDS = 20;

    private final Clock clock;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final Map<String, ChannelSnapshot> channels = new LinkedHashMap<>();
    private final Set<String> ringing = ConcurrentHashMap.newKeySet();
    private final Set<String> onCall = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> wrapUpUntil = new ConcurrentHashMap<>();
    /** Agents whose queue calls we have seen since the last reset; their device state lags behind. */
    private final Set<String> followed = ConcurrentHashMap.newKeySet();

    public LiveState(Clock clock) {
        this.clock = clock;
    }

    public synchronized void reset() {
        queues.clear();
        channels.clear();
        ringing.clear();
        onCall.clear();
        wrapUpUntil.clear();
        followed.clear();
    }

    @Override
    public synchronized void accept(AmiPacket packet) {
        String event = packet.get("Event").orElse("");
        switch (event) {
            case "Newchannel", "CoreShowChannel" -> packet.get("Uniqueid").ifPresent(id -> channels.put(id, channel(packet)));
            case "Newstate", "NewCallerid" -> packet.get("Uniqueid").filter(channels::containsKey)
                    .ifPresent(id -> channels.put(id, channel(packet)));
            case "Hangup" -> packet.get("Uniqueid").ifPresent(channels::remove);
            case "QueueParams" -> {
                Queue queue = queue(packet);
                queue.completed = number(packet, "Completed");
                queue.abandoned = number(packet, "Abandoned");
                int threshold = number(packet, "ServiceLevel");
                queue.serviceLevelSeconds = threshold > 0 ? threshold : DEFAULT_SERVICE_LEVEL_SECONDS;
            }
            case "QueueMember", "QueueMemberAdded", "QueueMemberStatus", "QueueMemberPause" -> member(packet);
            case "QueueMemberRemoved" -> interfaceOf(packet).ifPresent(name -> queue(packet).members.remove(name));
            case "QueueEntry" -> packet.get("Uniqueid").ifPresent(id -> queue(packet).callers.put(id,
                    clock.instant().minusSeconds(number(packet, "Wait"))));
            case "QueueCallerJoin" -> packet.get("Uniqueid").ifPresent(id -> queue(packet).callers.put(id, clock.instant()));
            case "QueueCallerLeave" -> packet.get("Uniqueid").ifPresent(id -> queue(packet).callers.remove(id));
            case "QueueCallerAbandon" -> {
                Queue queue = queue(packet);
                packet.get("Uniqueid").ifPresent(queue.callers::remove);
                queue.abandoned++;
            }
            case "AgentCalled" -> interfaceOf(packet).ifPresent(name -> {
                followed.add(name);
                ringing.add(name);
            });
            case "AgentRingNoAnswer" -> interfaceOf(packet).ifPresent(ringing::remove);
            case "AgentConnect" -> interfaceOf(packet).ifPresent(name -> {
                ringing.remove(name);
                onCall.add(name);
            });
            case "AgentComplete" -> {
                Queue queue = queue(packet);
                queue.completed++;
                interfaceOf(packet).ifPresent(name -> {
                    onCall.remove(name);
                    Member member = queue.members.get(name);
                    int wrapUp = member == null ? 0 : member.wrapUpSeconds;
                    wrapUpUntil.put(name, clock.instant().plusSeconds(wrapUp));
                });
            }
            default -> {
            }
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
        for (Queue queue : queues.values().stream().sorted(Comparator.comparing(q -> q.name)).toList()) {
            Instant now = clock.instant();
            long longest = queue.callers.values().stream().min(Comparator.naturalOrder())
                    .map(joined -> Duration.between(joined, now).toSeconds()).orElse(0L);
            Map<String, AgentStatus> agents = new TreeMap<>();
            queue.members.keySet().forEach(name -> agents.put(name, status(name)));
            snapshots.add(new QueueSnapshot(queue.name, List.copyOf(queue.callers.keySet()), longest, queue.completed,
                    queue.abandoned, agents, queue.serviceLevelSeconds));
        }
        return snapshots;
    }

    public synchronized Optional<QueueSnapshot> queue(String name) {
        return queues().stream().filter(queue -> queue.name().equals(name)).findFirst();
    }

    /** What the agent behind this interface (PJSIP/1001) is doing. */
    public synchronized AgentStatus status(String agentInterface) {
        List<Member> memberships = queues.values().stream().map(queue -> queue.members.get(agentInterface))
                .filter(member -> member != null).toList();
        if (memberships.isEmpty()) {
            return AgentStatus.LOGGED_OFF;
        }
        if (ringing.contains(agentInterface)) {
            return AgentStatus.RINGING;
        }
        if (onCall.contains(agentInterface)) {
            return AgentStatus.ON_CALL;
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
        if (memberships.stream().anyMatch(member -> member.inCall || member.deviceStatus == 2 || member.deviceStatus == 3)) {
            return AgentStatus.ON_CALL;
        }
        if (memberships.stream().anyMatch(member -> member.deviceStatus == 6)) {
            return AgentStatus.RINGING;
        }
        return AgentStatus.AVAILABLE;
    }

    /** The pause reason the agent gave, when paused. */
    public synchronized Optional<String> pauseReason(String agentInterface) {
        return queues.values().stream().map(queue -> queue.members.get(agentInterface))
                .filter(member -> member != null && member.paused && !member.pausedReason.isEmpty())
                .map(member -> member.pausedReason).findFirst();
    }

    private void member(AmiPacket packet) {
        Optional<String> name = interfaceOf(packet);
        if (name.isEmpty()) {
            return;
        }
        Member member = queue(packet).members.computeIfAbsent(name.get(), key -> new Member());
        member.deviceStatus = number(packet, "Status");
        member.paused = "1".equals(packet.get("Paused").orElse("0"));
        member.pausedReason = packet.get("PausedReason").orElse("");
        member.inCall = "1".equals(packet.get("InCall").orElse("0"));
        member.wrapUpSeconds = number(packet, "Wrapuptime");
    }

    private static ChannelSnapshot channel(AmiPacket packet) {
        return new ChannelSnapshot(packet.get("Uniqueid").orElse(""), packet.get("Linkedid").orElse(""),
                packet.get("Channel").orElse(""), packet.get("ChannelStateDesc").orElse(""),
                packet.get("CallerIDNum").orElse(""), packet.get("Context").orElse(""), packet.get("Exten").orElse(""));
    }

    /** QueueMember (a list item) says Location; the member events say Interface. */
    private static Optional<String> interfaceOf(AmiPacket packet) {
        return packet.get("Interface").or(() -> packet.get("Location"));
    }

    private Queue queue(AmiPacket packet) {
        String name = packet.get("Queue").orElse("");
        return queues.computeIfAbsent(name, Queue::new);
    }

    private static int number(AmiPacket packet, String header) {
        try {
            return Integer.parseInt(packet.get(header).orElse("0").strip());
        } catch (NumberFormatException e) {
            return 0;
        }
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
