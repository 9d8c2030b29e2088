package io.omniline.telephony.calls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.IllegalTransitionException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.jooq.enums.Channel;
import io.omniline.db.jooq.enums.InteractionOutcome;
import io.omniline.db.jooq.enums.InteractionState;
import io.omniline.telephony.ami.AmiPacket;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows queued calls through AMI's queue events and keeps their interactions current:
 * QueueCallerJoin, AgentCalled (offered to an agent), AgentRingNoAnswer (back to waiting),
 * AgentConnect (answered, hold time), AgentComplete (talk over, wrap-up), QueueCallerAbandon,
 * and BlindTransfer / AttendedTransfer of the caller (noted on the interaction, which goes on).
 * Calls are matched by the caller channel's Uniqueid, which is the AGI session's uniqueid.
 * Events for calls Omniline did not route, and out-of-order repeats, change nothing.
 */
public final class CallEventTracker implements Consumer<AmiPacket> {

    private static final Logger log = LoggerFactory.getLogger(CallEventTracker.class);

    private final InteractionRepository interactions;
    private final AgentRepository agents;
    private final Consumer<CallEvent> listener;
    private final Counter applied;
    private final Counter malformed;

    public CallEventTracker(InteractionRepository interactions, AgentRepository agents, Consumer<CallEvent> listener,
                            MeterRegistry registry) {
        this.interactions = interactions;
        this.agents = agents;
        this.listener = listener;
        this.applied = Counter.builder("omniline_ami_call_events_applied_total").register(registry);
        this.malformed = Counter.builder("omniline_ami_malformed_packets_total").register(registry);
    }

    @Override
    public void accept(AmiPacket packet) {
        if (packet.isMalformed()) {
            malformed.increment();
            log.warn("malformed AMI packet kept what it could: {}", packet.problems());
        }
        String event = packet.get("Event").orElse("");
        switch (event) {
            case "QueueCallerJoin", "AgentCalled", "AgentRingNoAnswer", "AgentConnect", "AgentComplete",
                 "QueueCallerAbandon" -> packet.get("Uniqueid")
                    .flatMap(uniqueId -> interactions.findByExternalId(Channel.voice, uniqueId))
                    .ifPresent(interaction -> apply(event, packet, interaction));
            case "BlindTransfer", "AttendedTransfer" -> packet.get("TransfereeUniqueid")
                    .flatMap(uniqueId -> interactions.findByExternalId(Channel.voice, uniqueId))
                    .ifPresent(interaction -> transferred(event, packet, interaction));
            default -> {
            }
        }
    }

    private void transferred(String event, AmiPacket packet, Interaction interaction) {
        boolean blind = event.equals("BlindTransfer");
        String target = blind ? packet.get("Extension").orElse("")
                : packet.get("TransferTargetChannel").or(() -> packet.get("SecondTransfererExten")).orElse("");
        interactions.putMetadata(interaction.id(), Map.of("transferredTo", target, "transferKind", blind ? "blind" : "attended"));
        listener.accept(new CallEvent.Transferred(interaction.id(), interaction.externalId(), interaction.agentId(),
                blind ? "blind" : "attended", target));
        applied.increment();
    }

    private void apply(String event, AmiPacket packet, Interaction interaction) {
        long id = interaction.id();
        String uniqueId = interaction.externalId();
        String queue = packet.get("Queue").orElse(interaction.queueName());
        try {
            switch (event) {
                case "QueueCallerJoin" -> {
                    if (interaction.state() == InteractionState.ivr) {
                        interactions.queue(id, queue, interaction.priority());
                    }
                    listener.accept(new CallEvent.CallerQueued(id, uniqueId, queue, number(packet, "Position")));
                }
                case "AgentCalled" -> {
                    Optional<Agent> agent = agent(packet);
                    if (agent.isPresent() && interaction.state() == InteractionState.queued) {
                        interactions.offer(id, agent.get().id());
                    }
                    listener.accept(new CallEvent.AgentRinging(id, uniqueId, agent.map(Agent::id).orElse(null),
                            packet.get("Interface").orElse(null), queue));
                }
                case "AgentRingNoAnswer" -> {
                    if (interaction.state() == InteractionState.offered) {
                        interactions.queue(id, queue, interaction.priority());
                    }
                }
                case "AgentConnect" -> {
                    Optional<Agent> agent = agent(packet);
                    if (agent.isPresent()) {
                        interactions.answer(id, agent.get().id());
                    }
                    listener.accept(new CallEvent.AgentConnected(id, uniqueId, agent.map(Agent::id).orElse(null),
                            packet.get("Interface").orElse(null), number(packet, "HoldTime")));
                }
                case "AgentComplete" -> {
                    if (interaction.state() == InteractionState.active) {
                        interactions.wrapUp(id);
                    }
                    listener.accept(new CallEvent.CallCompleted(id, uniqueId, interaction.agentId(),
                            number(packet, "TalkTime"), packet.get("Reason").orElse("")));
                }
                case "QueueCallerAbandon" -> {
                    interactions.end(id, InteractionOutcome.abandoned_in_queue);
                    listener.accept(new CallEvent.CallerAbandoned(id, uniqueId, queue, number(packet, "HoldTime")));
                }
                default -> throw new IllegalStateException("unhandled event " + event);
            }
            applied.increment();
        } catch (IllegalTransitionException e) {
            log.debug("{} for interaction {} arrived out of order: {}", event, id, e.getMessage());
        }
    }

    /** The member's interface (PJSIP/1001) names the agent; agents are set up with it. */
    private Optional<Agent> agent(AmiPacket packet) {
        return packet.get("Interface").flatMap(agents::findBySipInterface);
    }

    private static int number(AmiPacket packet, String header) {
        try {
            return Integer.parseInt(packet.get(header).orElse("0").strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
