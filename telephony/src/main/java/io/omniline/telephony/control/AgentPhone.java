package io.omniline.telephony.control;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionState;
import io.omniline.telephony.ami.AmiException;
import io.omniline.telephony.live.ChannelSnapshot;
import io.omniline.telephony.live.LiveState;
import java.util.Map;

/**
 * The agent's own phone, through Asterisk's manager interface: in and out of the queues they may
 * join, pause with a reason and back, transfer their live call (blind: the caller's channel is
 * redirected; attended: the agent's own leg consults first) and call a customer back. Asterisk's
 * refusals come back as {@link AmiException}; without AMI every action is a conflict saying so.
 */
public final class AgentPhone {

    /** Where transfers dial: the agents' extensions in asterisk-conf's extensions.conf. */
    public static final String TRANSFER_CONTEXT = "agents";

    private final AgentRepository agents;
    private final CallControl control;
    private final LiveState live;

    /** @param control null when AMI is off */
    public AgentPhone(AgentRepository agents, CallControl control, LiveState live) {
        this.agents = agents;
        this.control = control;
        this.live = live;
    }

    /** @throws ConflictException when the agent has no SIP interface to act on */
    public Agent of(long agentId) {
        Agent agent = agents.findById(agentId).orElseThrow(() -> new NotFoundException("agent", agentId));
        if (agent.sipInterface() == null) {
            throw new ConflictException("agent " + agent.login() + " has no SIP interface; an admin sets it");
        }
        return agent;
    }

    /** Joins every queue the agent may join, each with their penalty there. */
    public void login(Agent agent) throws AmiException {
        for (Map.Entry<String, Integer> queue : agent.queues().entrySet()) {
            control().login(agent.sipInterface(), queue.getKey(), queue.getValue(), agent.displayName());
        }
    }

    public void logout(Agent agent) throws AmiException {
        for (String queue : agent.queues().keySet()) {
            control().logout(agent.sipInterface(), queue);
        }
    }

    /**
     * Pauses the phone in every queue, with the reason stripped of surrounding blanks.
     *
     * @throws IllegalArgumentException when there is no reason
     */
    public void pause(Agent agent, String reason) throws AmiException {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a pause needs a reason");
        }
        control().pause(agent.sipInterface(), null, reason.strip());
    }

    public void unpause(Agent agent) throws AmiException {
        control().unpause(agent.sipInterface(), null);
    }

    /** @throws ConflictException when the call is not live */
    public void requireLive(Interaction call) {
        if (call.state() != InteractionState.active) {
            throw new ConflictException(
                    "call " + call.id() + " is " + call.state().getLiteral() + "; only a live call moves");
        }
    }

    /**
     * @param kind blind (or null) or attended
     * @throws IllegalArgumentException when the extension is not digits or the kind is unknown
     * @throws ConflictException when Asterisk reports no channel to move
     */
    public void transfer(Agent agent, Interaction call, String kind, String extension) throws AmiException {
        if (extension == null || !extension.matches("[0-9*#+]{1,20}")) {
            throw new IllegalArgumentException("extension must be digits, was " + extension);
        }
        if ("attended".equals(kind)) {
            String agentChannel = agentChannel(call, agent);
            control().attendedTransfer(agentChannel, extension, TRANSFER_CONTEXT);
        } else if (kind == null || "blind".equals(kind)) {
            String callerChannel = live.channel(call.externalId())
                    .map(ChannelSnapshot::channel)
                    .orElseThrow(() -> new ConflictException("Asterisk reports no channel for call " + call.id()));
            control().blindTransfer(callerChannel, extension, TRANSFER_CONTEXT);
        } else {
            throw new IllegalArgumentException("kind is blind or attended, was " + kind);
        }
    }

    /** @throws IllegalArgumentException when the number is not a phone number's digits */
    public void callBack(Agent agent, Interaction call, String number) throws AmiException {
        if (number == null || !number.matches("\\+?[0-9]{3,15}")) {
            throw new IllegalArgumentException("number must be digits, was " + number);
        }
        control().originateCallback(call.id(), number, null, agent.sipInterface());
    }

    /** The agent's leg of the call: their interface's channel in the call's linked set. */
    private String agentChannel(Interaction call, Agent agent) {
        return live.channels().stream()
                .filter(channel -> call.linkedId() != null && call.linkedId().equals(channel.linkedId()))
                .map(ChannelSnapshot::channel)
                .filter(name -> name.startsWith(agent.sipInterface() + "-"))
                .findFirst()
                .orElseThrow(() -> new ConflictException(
                        "Asterisk reports no channel of " + agent.sipInterface() + " on call " + call.id()));
    }

    private CallControl control() {
        if (control == null) {
            throw new ConflictException(
                    "Omniline is not connected to a phone system (its connection to Asterisk is turned off), so it cannot"
                            + " change your queues or calls");
        }
        return control;
    }
}
