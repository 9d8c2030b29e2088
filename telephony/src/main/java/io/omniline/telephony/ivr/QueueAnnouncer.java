package io.omniline.telephony.ivr;

import io.omniline.ivr.model.SayMode;
import io.omniline.ivr.run.CallChannel;
import io.omniline.ivr.run.IvrOutcome;
import io.omniline.telephony.live.AgentStatus;
import io.omniline.telephony.live.QueueSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a flow's queue node promises with {@code announcePosition} and {@code announceWait}: as
 * the caller enters the queue, their place in line (callers waiting now, from the live model,
 * plus one) and the estimated wait in minutes: place in line × the queue's average talk time
 * over recent calls ÷ the agents staffing it now (logged in, not paused). Said once, per call,
 * in the caller's language; app_queue's own announcements are per queue and off in
 * asterisk-conf. Nothing is said that cannot be computed: no live figures (AMI away, an
 * unknown queue) means no announcement, no recent calls or no agent means no wait.
 */
final class QueueAnnouncer {

    static final String POSITION = "omniline/you-are-caller-number";
    static final String WAIT = "omniline/estimated-wait-minutes";

    private static final Logger log = LoggerFactory.getLogger(QueueAnnouncer.class);

    private final LiveQueues live;
    private final HandleTimes handleTimes;

    /** The live model's queues ({@code LiveState::queue}). */
    @FunctionalInterface
    public interface LiveQueues {
        Optional<QueueSnapshot> queue(String name);
    }

    /** The queue's average talk time over recent calls, from the stored calls. */
    @FunctionalInterface
    interface HandleTimes {
        OptionalDouble averageTalkSeconds(String queue);
    }

    QueueAnnouncer(LiveQueues live, HandleTimes handleTimes) {
        this.live = live;
        this.handleTimes = handleTimes;
    }

    void announce(IvrOutcome.Queued queued, CallChannel channel, String language, CallDatabase database) {
        if (!queued.announcePosition() && !queued.announceWait()) {
            return;
        }
        Optional<QueueSnapshot> queue = live.queue(queued.queue());
        if (queue.isEmpty()) {
            log.debug("queue {} is not in the live model; nothing to announce", queued.queue());
            return;
        }
        int position = queue.get().callers().size() + 1;
        if (queued.announcePosition()) {
            channel.play(List.of(POSITION), language);
            channel.say(SayMode.NUMBER, String.valueOf(position), language);
        }
        if (queued.announceWait()) {
            estimatedMinutes(queue.get(), position, database).ifPresent(minutes -> {
                channel.play(List.of(WAIT), language);
                channel.say(SayMode.NUMBER, String.valueOf(minutes), language);
            });
        }
    }

    private Optional<Long> estimatedMinutes(QueueSnapshot queue, int position, CallDatabase database) {
        long staffed = queue.agents().values().stream()
                .filter(status -> status != AgentStatus.LOGGED_OFF && status != AgentStatus.PAUSED)
                .count();
        if (staffed == 0) {
            return Optional.empty();
        }
        OptionalDouble talk;
        try {
            talk = database.await("the queue's recent talk time", () -> handleTimes.averageTalkSeconds(queue.name()));
        } catch (RuntimeException e) {
            log.debug("no wait announced for queue {}: {}", queue.name(), e.getMessage());
            return Optional.empty();
        }
        if (talk.isEmpty()) {
            return Optional.empty();
        }
        double seconds = position * talk.getAsDouble() / staffed;
        return Optional.of(Math.max(1, (long) Math.ceil(seconds / 60)));
    }
}
