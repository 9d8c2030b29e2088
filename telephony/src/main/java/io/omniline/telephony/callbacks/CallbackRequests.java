package io.omniline.telephony.callbacks;

import io.omniline.db.ConflictException;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.Interaction;
import io.omniline.telephony.ami.AmiException;
import io.omniline.telephony.control.CallControl;

/**
 * A chat, email or SMS turned into a phone call: Asterisk rings the agent who asked (or the
 * conversation's queue), then the customer.
 */
public final class CallbackRequests {

    private final CallControl control;
    private final AgentRepository agents;

    /** @param control null when Omniline does not follow Asterisk (its connection to Asterisk is turned off) */
    public CallbackRequests(CallControl control, AgentRepository agents) {
        this.control = control;
        this.agents = agents;
    }

    /** @throws ConflictException when there is no Asterisk to ask, or Asterisk refuses, in words an agent understands */
    public void request(Interaction interaction, String e164Number) {
        if (control == null) {
            throw new ConflictException(
                    "Omniline is not connected to a phone system (its connection to Asterisk is turned off),"
                            + " so it cannot place a call back; call the customer from your phone instead");
        }
        String agentInterface = interaction.agentId() == null
                ? null
                : agents.findById(interaction.agentId())
                        .map(Agent::sipInterface)
                        .orElse(null);
        try {
            control.originateCallback(interaction.id(), e164Number, interaction.queueName(), agentInterface);
        } catch (AmiException e) {
            throw new ConflictException("Asterisk did not take the callback: " + e.getMessage(), e);
        }
    }
}
