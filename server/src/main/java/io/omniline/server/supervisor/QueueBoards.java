package io.omniline.server.supervisor;

import io.omniline.db.interaction.ServiceLevel;
import io.omniline.db.interaction.ServiceLevelQuery;
import io.omniline.telephony.live.QueueSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallboard's queues. Today's service level is read from the database at most once per
 * refresh interval per queue, not on every tick; while the database is away the last figure
 * stays (or none is shown) and the live part keeps updating.
 */
public final class QueueBoards implements Supplier<List<QueueBoard>> {

    private static final Logger log = LoggerFactory.getLogger(QueueBoards.class);

    private final Supplier<List<QueueSnapshot>> live;
    private final ServiceLevelQuery serviceLevels;
    private final Clock clock;
    private final Duration refresh;
    private final Map<String, Read> lastRead = new ConcurrentHashMap<>();

    public QueueBoards(
            Supplier<List<QueueSnapshot>> live, ServiceLevelQuery serviceLevels, Clock clock, Duration refresh) {
        this.live = live;
        this.serviceLevels = serviceLevels;
        this.clock = clock;
        this.refresh = refresh;
    }

    @Override
    public List<QueueBoard> get() {
        return live.get().stream()
                .map(queue -> QueueBoard.of(queue, today(queue)))
                .toList();
    }

    private ServiceLevel today(QueueSnapshot queue) {
        Instant now = clock.instant();
        Read last = lastRead.get(queue.name());
        if (last != null && last.at().plus(refresh).isAfter(now)) {
            return last.level();
        }
        Instant midnight = LocalDate.ofInstant(now, clock.getZone())
                .atStartOfDay(clock.getZone())
                .toInstant();
        ServiceLevel level;
        boolean failed = false;
        try {
            level = serviceLevels.since(queue.name(), midnight, queue.serviceLevelSeconds());
        } catch (RuntimeException e) {
            failed = true;
            log.warn(
                    "today's service level of queue {} could not be read; trying again in {}",
                    queue.name(),
                    refresh,
                    e);
            level = last == null ? null : last.level();
        }
        lastRead.put(queue.name(), new Read(level, now, failed));
        return level;
    }

    /** False while the last read of some queue's figures failed: what is shown is older. */
    public boolean todayCurrent() {
        return lastRead.values().stream().noneMatch(Read::failed);
    }

    private record Read(ServiceLevel level, Instant at, boolean failed) {}
}
