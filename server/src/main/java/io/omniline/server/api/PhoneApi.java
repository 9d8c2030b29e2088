package io.omniline.server.api;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.Repositories;
import io.omniline.db.agent.Agent;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.telephony.control.CallControl;
import io.omniline.telephony.live.ChannelSnapshot;
import io.omniline.telephony.live.LiveState;
import java.util.List;
import java.util.Map;

/**
 * The agent's phone from the desktop, through Asterisk's manager interface: log in to and out of
 * their queues, pause with a reason and come back, transfer their call (blind or attended) and
 * call a customer back. Every action is the signed-in agent's, on their own interface and calls.
 */
public final class PhoneApi {

    /** Where transfers dial: the agents' extensions in asterisk-conf's extensions.conf. */
    static final String TRANSFER_CONTEXT = "agents";

    private final AgentRepository agents;
    private final InteractionRepository interactions;
    private final CallControl control;
    private final LiveState live;

    /** @param control null when AMI is off: every action then answers 409 saying so */
    public PhoneApi(Repositories repositories, CallControl control, LiveState live) {
        this.agents = repositories.agents();
        this.interactions = repositories.interactions();
        this.control = control;
        this.live = live;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("POST", "/api/me/queues/login", Roles.AGENT, request -> {
                    Agent agent = phone(request);
                    for (Map.Entry<String, Integer> queue : agent.queues().entrySet()) {
                        AmiCall.send(() -> control().login(agent.sipInterface(), queue.getKey(), queue.getValue(), agent.displayName()));
                    }
                    return ApiResponse.ok(Map.of("queues", agent.queues().keySet()));
                }),
                Route.of("POST", "/api/me/queues/logout", Roles.AGENT, request -> {
                    Agent agent = phone(request);
                    for (String queue : agent.queues().keySet()) {
                        AmiCall.send(() -> control().logout(agent.sipInterface(), queue));
                    }
                    return ApiResponse.ok(Map.of("queues", agent.queues().keySet()));
                }),
                Route.of("POST", "/api/me/pause", Roles.AGENT, request -> {
                    Agent agent = phone(request);
                    String reason = request.body(Pause.class).reason();
                    if (reason == null || reason.isBlank()) {
                        throw new IllegalArgumentException("a pause needs a reason");
                    }
                    AmiCall.send(() -> control().pause(agent.sipInterface(), null, reason.strip()));
                    return ApiResponse.ok(Map.of("paused", true, "reason", reason.strip()));
                }),
                Route.of("POST", "/api/me/unpause", Roles.AGENT, request -> {
                    Agent agent = phone(request);
                    AmiCall.send(() -> control().unpause(agent.sipInterface(), null));
                    return ApiResponse.ok(Map.of("paused", false));
                }),
                Route.of("POST", "/api/calls/{id}/transfer", Roles.AGENT, request -> {
                    Agent agent = phone(request);
                    Interaction call = OwnCalls.of(interactions, request);
                    if (call.state() != InteractionState.active) {
                        throw new ConflictException("call " + call.id() + " is " + call.state().getLiteral() + "; only a live call moves");
                    }
                    Transfer body = request.body(Transfer.class);
                    if (body.extension() == null || !body.extension().matches("[0-9*#+]{1,20}")) {
                        throw new IllegalArgumentException("extension must be digits, was " + body.extension());
                    }
                    if ("attended".equals(body.kind())) {
                        String agentChannel = agentChannel(call, agent);
                        AmiCall.send(() -> control().attendedTransfer(agentChannel, body.extension(), TRANSFER_CONTEXT));
                    } else if (body.kind() == null || "blind".equals(body.kind())) {
                        String callerChannel = live.channel(call.externalId()).map(ChannelSnapshot::channel)
                                .orElseThrow(() -> new ConflictException("Asterisk reports no channel for call " + call.id()));
                        AmiCall.send(() -> control().blindTransfer(callerChannel, body.extension(), TRANSFER_CONTEXT));
                    } else {
                        throw new IllegalArgumentException("kind is blind or attended, was " + body.kind());
                    }
                    return ApiResponse.ok(Map.of("transferred", call.id(), "to", body.extension()));
                }),
                Route.of("POST", "/api/calls/{id}/callback", Roles.AGENT, request -> {
                    Agent agent = phone(request);
                    Interaction call = OwnCalls.of(interactions, request);
                    String number = request.body(CallBack.class).number();
                    if (number == null || !number.matches("\\+?[0-9]{3,15}")) {
                        throw new IllegalArgumentException("number must be digits, was " + number);
                    }
                    AmiCall.send(() -> control().originateCallback(call.id(), number, null, agent.sipInterface()));
                    return ApiResponse.ok(Map.of("calling", number, "interactionId", call.id()));
                }));
    }

    private Agent phone(ApiRequest request) {
        Agent agent = agents.findById(request.agentId()).orElseThrow(() -> new NotFoundException("agent", request.agentId()));
        if (agent.sipInterface() == null) {
            throw new ConflictException("agent " + agent.login() + " has no SIP interface; an admin sets it");
        }
        return agent;
    }

    /** The agent's leg of the call: their interface's channel in the call's linked set. */
    private String agentChannel(Interaction call, Agent agent) {
        return live.channels().stream()
                .filter(channel -> call.linkedId() != null && call.linkedId().equals(channel.linkedId()))
                .map(ChannelSnapshot::channel)
                .filter(name -> name.startsWith(agent.sipInterface() + "-"))
                .findFirst()
                .orElseThrow(() -> new ConflictException("Asterisk reports no channel of " + agent.sipInterface()
                        + " on call " + call.id()));
    }

    private CallControl control() {
        if (control == null) {
            throw new ConflictException("the phone needs the Asterisk Manager Interface (ami.enabled)");
        }
        return control;
    }

    record Pause(String reason) {
    }

    record Transfer(String kind, String extension) {
    }

    record CallBack(String number) {
    }
}
