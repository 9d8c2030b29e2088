package io.omniline.telephony.agents;

import io.omniline.db.agent.AgentRepository;
import io.omniline.db.agent.AgentStateLog;
import io.omniline.db.agent.AgentStateLog.State;
import io.omniline.telephony.ami.AmiSessionListener;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEventListener;
import io.omniline.telephony.calls.CallWorker;
import io.omniline.telephony.live.AgentStatus;
import io.omniline.telephony.live.LiveState;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feeds the agent state log from AMI: after the live model has taken an event that can move a
 * queue member (added, removed, paused, ringing, connected, completed, a device state change),
 * the member's state as the live model now sees it is compared with the last one logged, and a
 * change is written through the call worker (ordered per agent, retried through a database
 * outage). The time is when the event was read, from the clock, not when the row lands.
 *
 * <p>Omniline's agents write up every call on the desktop, so an AgentComplete starts wrap-up,
 * and wrap-up lasts until the desktop saves it ({@link #wrapUpSaved}) or the agent's phone rings
 * again, whatever Asterisk's own wrapuptime says.
 */
public final class AgentStateFeed implements AmiEventListener, AmiSessionListener {

    private record Logged(State state, String reason) {}

    private final LiveState live;
    private final CallWorker worker;
    private final AgentRepository agents;
    private final AgentStateLog log;
    private final Clock clock;
    private final Map<String, Logged> last = new HashMap<>();
    private final Set<String> wrappingUp = new HashSet<>();

    public AgentStateFeed(LiveState live, CallWorker worker, AgentRepository agents, AgentStateLog log, Clock clock) {
        this.live = live;
        this.worker = worker;
        this.agents = agents;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public synchronized void loggedIn() {
        // What was logged stays true until Asterisk's queue list (resync) says otherwise.
    }

    @Override
    public void lost(String reason) {
        // Events cannot arrive until the next login; the resync brings the members back.
    }

    @Override
    public synchronized void onEvent(AmiEvent event) {
        switch (event) {
            case AmiEvent.QueueMember e -> check(e.member().memberInterface());
            case AmiEvent.QueueMemberAdded e -> check(e.member().memberInterface());
            case AmiEvent.QueueMemberRemoved e -> check(e.member().memberInterface());
            case AmiEvent.QueueMemberPause e -> check(e.member().memberInterface());
            case AmiEvent.QueueMemberStatus e -> check(e.member().memberInterface());
            case AmiEvent.AgentCalled e -> {
                wrappingUp.remove(e.memberInterface());
                check(e.memberInterface());
            }
            case AmiEvent.AgentRingNoAnswer e -> check(e.memberInterface());
            case AmiEvent.AgentConnect e -> {
                wrappingUp.remove(e.memberInterface());
                check(e.memberInterface());
                stillRinging().forEach(this::check);
            }
            case AmiEvent.AgentComplete e -> {
                wrappingUp.add(e.memberInterface());
                check(e.memberInterface());
            }
            default -> {}
        }
    }

    /** The agent behind this interface saved the call's wrap-up on the desktop: back to what the queues say. */
    public synchronized void wrapUpSaved(String memberInterface) {
        if (wrappingUp.remove(memberInterface)) {
            check(memberInterface);
        }
    }

    private List<String> stillRinging() {
        return last.entrySet().stream()
                .filter(entry -> entry.getValue().state() == State.RINGING)
                .map(Map.Entry::getKey)
                .toList();
    }

    private void check(String memberInterface) {
        AgentStatus status = live.status(memberInterface);
        State state = switch (status) {
            case LOGGED_OFF -> State.LOGGED_OUT;
            case AVAILABLE -> wrappingUp.contains(memberInterface) ? State.WRAP_UP : State.AVAILABLE;
            case RINGING -> State.RINGING;
            case ON_CALL -> State.ON_CALL;
            case WRAP_UP -> State.WRAP_UP;
            case PAUSED -> wrappingUp.contains(memberInterface) ? State.WRAP_UP : State.PAUSED;
        };
        if (state == State.LOGGED_OUT) {
            wrappingUp.remove(memberInterface);
        }
        String reason =
                state == State.PAUSED ? live.pauseReason(memberInterface).orElse(null) : null;
        Logged now = new Logged(state, reason);
        Logged before = last.put(memberInterface, now);
        if (now.equals(before)) {
            return;
        }
        Instant at = clock.instant();
        boolean login = (before == null || before.state() == State.LOGGED_OUT) && state != State.LOGGED_OUT;
        worker.submit("agent " + memberInterface, "agent state " + state.code(), () -> {
            agents.idBySipInterface(memberInterface).ifPresent(agentId -> {
                if (login
                        && log.current(agentId)
                                .map(logged -> logged == State.LOGGED_OUT)
                                .orElse(true)) {
                    log.record(agentId, State.LOGGED_IN, null, at, AgentStateLog.Source.AMI);
                }
                log.record(agentId, state, reason, at, AgentStateLog.Source.AMI);
            });
            return List.of();
        });
    }
}
