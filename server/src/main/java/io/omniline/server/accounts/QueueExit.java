package io.omniline.server.accounts;

import io.omniline.db.agent.Agent;
import io.omniline.telephony.ami.AmiException;
import io.omniline.telephony.control.CallControl;
import io.omniline.telephony.live.LiveState;
import io.omniline.telephony.live.QueueSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a signed-out agent's phone out of Asterisk's queues, so no caller is put through to
 * someone who may no longer work here: the queues Asterisk reports them in and the queues they
 * may join are each left (QueueRemove; "Not there" counts as out). A member Asterisk will not
 * remove, such as one written in queues.conf, is paused in that queue instead. Without AMI,
 * Omniline cannot reach Asterisk's queues and says so.
 */
public final class QueueExit {

    static final String PAUSE_REASON = "signed out by an admin";
    private static final Logger log = LoggerFactory.getLogger(QueueExit.class);

    private final CallControl control;
    private final LiveState live;

    /** @param control null when AMI is off */
    public QueueExit(CallControl control, LiveState live) {
        this.control = control;
        this.live = live;
    }

    /**
     * Where the phone stands now.
     *
     * @param left queues the phone is out of
     * @param paused queues it stays in, paused, with Asterisk's reason for not removing it
     * @param failed queues it may still ring from, with what went wrong
     * @param note what the admin should know, in words
     */
    public record Result(List<String> left, Map<String, String> paused, Map<String, String> failed, String note) {}

    public Result leaveAll(Agent agent) {
        if (agent.sipInterface() == null) {
            return new Result(List.of(), Map.of(), Map.of(), "no phone: the agent has no SIP interface");
        }
        if (control == null) {
            return new Result(
                    List.of(),
                    Map.of(),
                    Map.of(),
                    "Omniline is not connected to a phone system (its connection to Asterisk is turned off),"
                            + " so it put this phone in no queue and can take it out of none; remove "
                            + agent.sipInterface() + " from its queues in Asterisk if it was added there");
        }
        TreeSet<String> queues = new TreeSet<>(agent.queues().keySet());
        live.queues().stream()
                .filter(queue -> queue.agents().containsKey(agent.sipInterface()))
                .map(QueueSnapshot::name)
                .forEach(queues::add);
        List<String> left = new ArrayList<>();
        Map<String, String> paused = new TreeMap<>();
        Map<String, String> failed = new TreeMap<>();
        for (String queue : queues) {
            try {
                control.logout(agent.sipInterface(), queue);
                left.add(queue);
            } catch (AmiException removal) {
                if (removal.getMessage().contains("Not there")) {
                    left.add(queue);
                    continue;
                }
                try {
                    control.pause(agent.sipInterface(), queue, PAUSE_REASON);
                    paused.put(queue, removal.forPeople());
                } catch (AmiException pause) {
                    failed.put(queue, pause.forPeople());
                }
            }
        }
        if (!failed.isEmpty()) {
            log.warn(
                    "{} may still get calls from queues {}: Asterisk did not take the logout",
                    agent.sipInterface(),
                    failed);
        }
        return new Result(left, paused, failed, note(agent.sipInterface(), paused, failed));
    }

    private static String note(String phone, Map<String, String> paused, Map<String, String> failed) {
        List<String> notes = new ArrayList<>();
        if (!paused.isEmpty()) {
            notes.add(phone + " stays in " + String.join(", ", paused.keySet())
                    + " paused, as Asterisk would not remove it");
        }
        if (!failed.isEmpty()) {
            notes.add("Asterisk did not take " + phone + " out of " + String.join(", ", failed.keySet())
                    + "; it may still ring from there until it is removed in Asterisk");
        }
        return notes.isEmpty() ? null : String.join("; ", notes);
    }
}
