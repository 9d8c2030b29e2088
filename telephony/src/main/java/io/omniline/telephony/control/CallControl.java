package io.omniline.telephony.control;

import io.omniline.db.interaction.InteractionRepository;
import io.omniline.telephony.ami.AmiAction;
import io.omniline.telephony.ami.AmiException;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ivr.DialplanVariables;
import java.util.Map;

/**
 * What agents and supervisors do to calls and queues, as AMI actions: queue login, logout and
 * pause with a reason; a callback originated into a queue or to an agent; blind and attended
 * transfer; a supervisor's listen, whisper or barge (ChanSpy); hangup; call recording linked to the interaction. Asterisk's refusals come back
 * as {@link AmiException} with Asterisk's own message.
 */
public final class CallControl {

    /** The dialplan context that dials callback legs (asterisk-conf/extensions.conf). */
    static final String CALLBACK_CONTEXT = io.omniline.telephony.callbacks.CallbackPlacer.CONTEXT;

    private final AmiActions ami;
    private final InteractionRepository interactions;

    public CallControl(AmiActions ami, InteractionRepository interactions) {
        this.ami = ami;
        this.interactions = interactions;
    }

    public void login(String agentInterface, String queue, int penalty, String memberName) throws AmiException {
        send(AmiAction.of("QueueAdd")
                .with("Queue", queue)
                .with("Interface", agentInterface)
                .with("Penalty", String.valueOf(penalty))
                .with("MemberName", memberName));
    }

    public void logout(String agentInterface, String queue) throws AmiException {
        send(AmiAction.of("QueueRemove").with("Queue", queue).with("Interface", agentInterface));
    }

    /** @param queue a queue, or null to pause the agent in every queue */
    public void pause(String agentInterface, String queue, String reason) throws AmiException {
        AmiAction action = AmiAction.of("QueuePause")
                .with("Interface", agentInterface)
                .with("Paused", "true")
                .with("Reason", reason);
        send(queue == null ? action : action.with("Queue", queue));
    }

    public void unpause(String agentInterface, String queue) throws AmiException {
        AmiAction action =
                AmiAction.of("QueuePause").with("Interface", agentInterface).with("Paused", "false");
        send(queue == null ? action : action.with("Queue", queue));
    }

    /**
     * Calls the customer back; when they answer, the call joins {@code queue} (or rings the
     * agent's interface directly). The interaction id rides along as a channel variable so the
     * new leg is recorded on the same interaction.
     */
    public void originateCallback(long interactionId, String number, String queue, String agentInterface)
            throws AmiException {
        send(AmiAction.of("Originate")
                .with("Channel", "Local/" + number + "@" + CALLBACK_CONTEXT)
                .with("Context", agentInterface == null ? "omniline-queue" : "agents")
                .with("Exten", agentInterface == null ? "s" : agentInterface.substring(agentInterface.indexOf('/') + 1))
                .with("Priority", "1")
                .with("Async", "true")
                // "__" makes Asterisk pass the variables on to both halves of the Local channel.
                .with("Variable", "__" + DialplanVariables.INTERACTION_ID + "=" + interactionId)
                .with("Variable", "__" + DialplanVariables.QUEUE + "=" + (queue == null ? "" : queue)));
    }

    /** Sends the caller's channel elsewhere; the interaction id stays on the channel. */
    public void blindTransfer(String channel, String extension, String context) throws AmiException {
        send(AmiAction.of("Redirect")
                .with("Channel", channel)
                .with("Exten", extension)
                .with("Context", context)
                .with("Priority", "1"));
    }

    /** The agent consults the target first; Asterisk joins the caller when the agent hangs up. */
    public void attendedTransfer(String agentChannel, String extension, String context) throws AmiException {
        send(AmiAction.of("Atxfer")
                .with("Channel", agentChannel)
                .with("Exten", extension)
                .with("Context", context));
    }

    /**
     * Rings the supervisor's phone; when they answer, ChanSpy joins the agent's channel with
     * {@code options}: {@code q} listens, {@code qw} whispers to the agent, {@code qB} barges in.
     */
    public void spy(String supervisorInterface, String agentChannel, String options, String callerIdName)
            throws AmiException {
        send(AmiAction.of("Originate")
                .with("Channel", supervisorInterface)
                .with("Application", "ChanSpy")
                .with("Data", agentChannel + "," + options)
                .with("CallerID", "\"" + callerIdName + "\" <spy>")
                .with("Timeout", "30000")
                .with("Async", "true"));
    }

    public void hangup(String channel) throws AmiException {
        send(AmiAction.of("Hangup").with("Channel", channel));
    }

    /** Records both sides of the call to {@code file} and notes the file on the interaction. */
    public void startRecording(long interactionId, String channel, String file) throws AmiException {
        send(AmiAction.of("MixMonitor")
                .with("Channel", channel)
                .with("File", file)
                .with("Options", "b"));
        interactions.putMetadata(interactionId, Map.of("recording", file));
    }

    public void stopRecording(String channel) throws AmiException {
        send(AmiAction.of("StopMixMonitor").with("Channel", channel));
    }

    private AmiPacket send(AmiAction action) throws AmiException {
        AmiPacket response = ami.send(action);
        if (!"Success".equalsIgnoreCase(response.get("Response").orElse(""))) {
            throw AmiException.refused(action.name(), response.get("Message").orElse(null));
        }
        return response;
    }
}
