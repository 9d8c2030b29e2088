package io.omniline.server.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.interaction.ServiceLevelQuery;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.live.AgentStatus;
import io.omniline.telephony.live.QueueSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

class QueueBoardsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    /** A zone where it is midday now, so "today" cannot roll over while the test runs, whatever the hour. */
    private final ZoneId middayZone = ZoneOffset.ofTotalSeconds(
            12 * 3600 - now.get().atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay());

    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return middayZone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void todaysServiceLevelIsReadAgainOnlyAfterTheRefreshInterval() {
        String queue = "board-" + UUID.randomUUID();
        InteractionRepository interactions = db.repositories().interactions();
        long agent = db.repositories()
                .agents()
                .create("a-" + queue, "A", "PJSIP/9", Map.of(), Map.of(), "test")
                .id();
        long answered = interactions
                .open(NewInteraction.inboundCall(UUID.randomUUID().toString(), null, null, null))
                .id();
        interactions.queue(answered, queue, 0);
        interactions.answer(answered, agent);
        QueueBoards boards = new QueueBoards(
                () -> List.of(live(queue)), db.repositories().serviceLevels(), clock, Duration.ofSeconds(5));

        QueueBoard first = boards.get().getFirst();
        assertThat(first.serviceLevelPercent()).isEqualTo(100.0);
        assertThat(first.answeredToday()).isEqualTo(1);
        assertThat(first.callers()).containsExactly("1.1");

        long gaveUp = interactions
                .open(NewInteraction.inboundCall(UUID.randomUUID().toString(), null, null, null))
                .id();
        interactions.queue(gaveUp, queue, 0);
        interactions.end(gaveUp, InteractionOutcome.abandoned_in_queue);
        assertThat(boards.get().getFirst().abandonedToday()).isZero();

        now.set(now.get().plusSeconds(6));
        QueueBoard later = boards.get().getFirst();
        assertThat(later.abandonedToday()).isEqualTo(1);
        assertThat(later.serviceLevelPercent()).isEqualTo(50.0);
    }

    @Test
    void withoutTheDatabaseTheLivePartStillShowsAndTheServiceLevelIsUnknown() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/nothing");
        ServiceLevelQuery unreachable = new ServiceLevelQuery(DSL.using(nowhere, SQLDialect.POSTGRES));
        QueueBoards boards = new QueueBoards(() -> List.of(live("support")), unreachable, clock, Duration.ofSeconds(5));

        QueueBoard board = boards.get().getFirst();

        assertThat(board.serviceLevelPercent()).isNull();
        assertThat(board.agents()).containsEntry("PJSIP/1001", AgentStatus.AVAILABLE);
        assertThat(board.longestWaitSeconds()).isEqualTo(42);
    }

    private static QueueSnapshot live(String queue) {
        return new QueueSnapshot(queue, List.of("1.1"), 42, 0, 0, Map.of("PJSIP/1001", AgentStatus.AVAILABLE), 20);
    }
}
