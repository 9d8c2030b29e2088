package io.omniline.server.supervisor;

import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.Repositories;
import io.omniline.db.agent.Agent;
import io.omniline.server.accounts.QueueExit;
import io.omniline.server.api.AmiCall;
import io.omniline.server.workspace.DesktopHub;
import io.omniline.telephony.control.CallControl;
import io.omniline.telephony.live.ChannelSnapshot;
import io.omniline.telephony.live.LiveState;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a supervisor does to an agent on the floor: listen to, whisper to or barge into their
 * live call (ChanSpy, rung on the supervisor's own phone), and pause them or log them out of
 * their queues with a reason (out as an admin's sign-out takes them: {@link QueueExit}). Each is in the audit log under the supervisor, and a forced change
 * tells the agent's desktop at once who did it and why.
 */
public final class Supervision {

    /** How a supervisor joins a call, and ChanSpy's options for it (q: no beep or name). */
    public enum Mode {
        LISTEN("q"),
        WHISPER("qw"),
        BARGE("qB");

        final String options;

        Mode(String options) {
            this.options = options;
        }

        static Mode of(String name) {
            for (Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(name)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("mode is listen, whisper or barge");
        }
    }

    private static final Pattern PHONE = Pattern.compile("[A-Za-z0-9_]+/[A-Za-z0-9_.@+-]{1,80}");

    private final Repositories repositories;
    private final CallControl control;
    private final LiveState live;
    private final DesktopHub desktops;
    private final QueueExit queueExit;

    /** @param control null when AMI is off: every action then says it needs Asterisk */
    public Supervision(
            Repositories repositories, CallControl control, LiveState live, DesktopHub desktops, QueueExit queueExit) {
        this.queueExit = queueExit;
        this.repositories = repositories;
        this.control = control;
        this.live = live;
        this.desktops = desktops;
    }

    /** @param supervisorPhone the phone that rings for the supervisor, as technology/name (PJSIP/1003) */
    public Map<String, Object> spy(String actor, long agentId, String modeName, String supervisorPhone) {
        Mode mode = Mode.of(modeName);
        if (supervisorPhone == null || !PHONE.matcher(supervisorPhone.strip()).matches()) {
            throw new IllegalArgumentException("your phone is written as technology/name, for example PJSIP/1003");
        }
        Agent agent = agentWithPhone(agentId);
        String channel = live.channels().stream()
                .map(ChannelSnapshot::channel)
                .filter(name -> name.startsWith(agent.sipInterface() + "-"))
                .findFirst()
                .orElseThrow(() -> new ConflictException(agent.displayName() + " is not on a call now"));
        String verb = mode.name().toLowerCase(Locale.ROOT);
        AmiCall.send(
                () -> control().spy(supervisorPhone.strip(), channel, mode.options, verb + " " + agent.displayName()));
        repositories
                .auditLog()
                .write(
                        actor,
                        "agent." + verb,
                        "agent",
                        agentId,
                        Map.of("phone", supervisorPhone.strip(), "channel", channel));
        return Map.of("agentId", agentId, "mode", verb, "ringing", supervisorPhone.strip());
    }

    public Map<String, Object> pause(String actor, long agentId, String reason) {
        String why = reason(reason);
        Agent agent = agentWithPhone(agentId);
        AmiCall.send(() -> control().pause(agent.sipInterface(), null, why));
        repositories.auditLog().write(actor, "agent.force-pause", "agent", agentId, Map.of("reason", why));
        desktops.tell(agentId, actor + " paused you: " + why);
        return Map.of("agentId", agentId, "paused", true, "reason", why);
    }

    public Map<String, Object> logOut(String actor, long agentId, String reason) {
        String why = reason(reason);
        Agent agent = agentWithPhone(agentId);
        control();
        QueueExit.Result result = queueExit.leaveAll(agent);
        if (!result.failed().isEmpty()) {
            throw new ConflictException("Asterisk did not take " + agent.displayName() + " out of "
                    + String.join(", ", result.failed().keySet()) + ": "
                    + String.join("; ", result.failed().values()));
        }
        repositories
                .auditLog()
                .write(
                        actor,
                        "agent.force-logout",
                        "agent",
                        agentId,
                        Map.of(
                                "reason",
                                why,
                                "left",
                                result.left(),
                                "pausedInstead",
                                result.paused().keySet()));
        desktops.tell(agentId, actor + " logged you out of your queues: " + why);
        return Map.of(
                "agentId",
                agentId,
                "left",
                result.left(),
                "pausedInstead",
                result.paused().keySet(),
                "reason",
                why);
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("say why: the agent and the audit log see the reason");
        }
        if (reason.strip().length() > 200) {
            throw new IllegalArgumentException("a reason has at most 200 characters");
        }
        return reason.strip();
    }

    private Agent agentWithPhone(long agentId) {
        Agent agent =
                repositories.agents().findById(agentId).orElseThrow(() -> new NotFoundException("agent", agentId));
        if (agent.sipInterface() == null) {
            throw new ConflictException(agent.displayName() + " has no phone; an admin sets one");
        }
        return agent;
    }

    private CallControl control() {
        if (control == null) {
            throw new ConflictException(
                    "this needs Omniline to be connected to the phone system, and its connection to Asterisk is turned off");
        }
        return control;
    }
}
