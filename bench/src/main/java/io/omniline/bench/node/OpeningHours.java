package io.omniline.bench.node;

import io.omniline.ivr.model.ExampleFlows;
import io.omniline.ivr.model.Flow;
import io.omniline.ivr.model.FlowParser;
import io.omniline.ivr.model.Node;
import io.omniline.ivr.model.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The shipped {@code main} flow starts with an opening-hours node: outside those hours every
 * caller goes to the after-hours flow, which is not the path the benchmark is about. The node's
 * IVR therefore reads a clock moved to the next moment the flow stays open for the whole run
 * (not moved at all when it is open now); everything else in the node keeps the real time.
 */
final class OpeningHours {

    private static final Duration STEP = Duration.ofMinutes(5);
    private static final Duration HORIZON = Duration.ofDays(15);

    private final List<Schedule> schedules;

    private OpeningHours(List<Schedule> schedules) {
        this.schedules = schedules;
    }

    static OpeningHours ofShippedMainFlow() {
        Flow main = new FlowParser().parse(ExampleFlows.all().get("main")).flow();
        return new OpeningHours(main.nodes().values().stream()
                .filter(Node.Hours.class::isInstance)
                .map(node -> Schedule.of((Node.Hours) node))
                .toList());
    }

    /** {@code clock}, moved forward to the first instant from which the flow stays open for {@code needed}. */
    Clock openFor(Duration needed, Clock clock) {
        Instant now = clock.instant();
        for (Instant from = now;
                from.isBefore(now.plus(HORIZON));
                from = from.plus(STEP).truncatedTo(ChronoUnit.MINUTES)) {
            if (openThroughout(from, needed)) {
                return Clock.offset(clock, Duration.between(now, from));
            }
        }
        throw new IllegalStateException("the shipped main flow is never open for " + needed + " within " + HORIZON);
    }

    private boolean openThroughout(Instant from, Duration needed) {
        for (Instant at = from; !at.isAfter(from.plus(needed)); at = at.plus(STEP)) {
            Instant probe = at;
            if (!schedules.stream().allMatch(schedule -> schedule.isOpen(probe))) {
                return false;
            }
        }
        return true;
    }
}
