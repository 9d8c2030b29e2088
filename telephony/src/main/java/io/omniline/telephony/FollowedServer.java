package io.omniline.telephony;

import io.omniline.telephony.agents.AgentStateFeed;
import io.omniline.telephony.ami.AmiOwnership;
import io.omniline.telephony.ami.AmiSessionListener;
import io.omniline.telephony.ami.AmiSupervisor;
import io.omniline.telephony.ami.event.AmiEventListener;
import io.omniline.telephony.live.LiveModelStatus;
import io.omniline.telephony.live.LiveModelSync;
import io.omniline.telephony.live.LiveState;

/**
 * One Asterisk server as a node follows it: its AMI connection, its live model kept whole, and
 * the listeners its events go to. Read only while this node owns the server ({@link AmiOwnership});
 * on another node's turn the live model is emptied and says who follows it.
 */
final class FollowedServer implements AmiOwnership.Owner, AutoCloseable {

    private final String name;
    private final AmiSupervisor supervisor;
    private final LiveState live;
    private final LiveModelSync sync;
    private final AgentStateFeed agentStates;
    private final AmiEventListener events;
    private final AmiSessionListener sessions;
    private volatile boolean owned;

    FollowedServer(
            String name,
            AmiSupervisor supervisor,
            LiveState live,
            LiveModelSync sync,
            AgentStateFeed agentStates,
            AmiEventListener events,
            AmiSessionListener sessions) {
        this.name = name;
        this.supervisor = supervisor;
        this.live = live;
        this.sync = sync;
        this.agentStates = agentStates;
        this.events = events;
        this.sessions = sessions;
    }

    String name() {
        return name;
    }

    AmiSupervisor supervisor() {
        return supervisor;
    }

    LiveState live() {
        return live;
    }

    AgentStateFeed agentStates() {
        return agentStates;
    }

    boolean isConnected() {
        return supervisor.isConnected();
    }

    boolean owned() {
        return owned;
    }

    LiveModelStatus status() {
        return owned
                ? sync.status()
                : LiveModelStatus.incomplete("another Omniline node follows Asterisk '" + name
                        + "' (this one takes over if that one stops)");
    }

    @Override
    public void taken() {
        owned = true;
        supervisor.start(events, sessions);
    }

    /** Stops reading at once; what this node knew of the server is another node's to know now. */
    @Override
    public void lost(String reason) {
        owned = false;
        supervisor.stop();
        live.reset();
    }

    /** Stops reading; the resync (and the call work behind it) is closed by the node. */
    @Override
    public void close() {
        supervisor.close();
        sync.close();
    }
}
