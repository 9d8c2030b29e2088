package io.omniline.server.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.digital.QueueLoad;
import io.omniline.db.interaction.Channel;
import io.omniline.telephony.live.AgentStatus;
import io.omniline.telephony.live.LiveModelStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The wallboard's tiles and how each figure stands against its threshold. */
class QueueTilesTest {

    private final AtomicReference<LiveModelStatus> live = new AtomicReference<>(LiveModelStatus.COMPLETE);
    private final AtomicReference<List<QueueBoard>> boards = new AtomicReference<>(List.of());
    private final AtomicReference<List<QueueLoad>> loads = new AtomicReference<>(List.of());
    private final QueueTiles tiles = new QueueTiles(boards::get, loads::get, live::get, TileThresholds.DEFAULTS);

    @Test
    void aCallerWaitingHalfTheServiceLevelTimeIsAWarningAndPastItAnAlarm() {
        boards.set(List.of(board("support", 9, 90.0), board("sales", 10, 90.0), board("billing", 21, 90.0)));

        assertThat(tiles.get().stream().map(tile -> tile.levels().longestWait()))
                .containsExactly(TileLevel.ok, TileLevel.warning, TileLevel.alarm);
        assertThat(tiles.get().getLast().levels().overall()).isEqualTo(TileLevel.alarm);
    }

    @Test
    void aServiceLevelUnderTheTargetIsAnAlarmAndNoFigureIsNone() {
        boards.set(List.of(board("support", 0, 79.9), board("sales", 0, 80.0), board("billing", 0, null)));

        assertThat(tiles.get().stream().map(tile -> tile.levels().serviceLevel()))
                .containsExactly(TileLevel.alarm, TileLevel.ok, TileLevel.ok);
    }

    @Test
    void figuresFromBeforeAsteriskWasLostAreNoReasonToActButWaitingChatsStillAre() {
        boards.set(List.of(board("support", 300, 10.0)));
        loads.set(List.of(new QueueLoad("support", Channel.chat, 1, 0, 61)));
        live.set(LiveModelStatus.incomplete("not connected to Asterisk"));

        QueueTile support = tiles.get().getFirst();

        assertThat(support.levels().longestWait()).isEqualTo(TileLevel.ok);
        assertThat(support.levels().serviceLevel()).isEqualTo(TileLevel.ok);
        assertThat(support.digital().getFirst().level()).isEqualTo(TileLevel.alarm);
        assertThat(support.levels().overall()).isEqualTo(TileLevel.alarm);
    }

    @Test
    void aQueueWithOnlyDigitalWorkHasATileAfterAsterisksQueuesWithEveryChannelShown() {
        boards.set(List.of(board("support", 0, null)));
        loads.set(List.of(
                new QueueLoad("web", Channel.sms, 0, 2, null),
                new QueueLoad("mail", Channel.email, 3, 1, 1900),
                new QueueLoad("support", Channel.chat, 1, 0, 5)));

        List<QueueTile> shown = tiles.get();

        assertThat(shown.stream().map(QueueTile::name)).containsExactly("support", "mail", "web");
        assertThat(shown.get(1).phone()).isNull();
        assertThat(shown.get(1).digital().stream().map(QueueTile.ChannelFigures::channel))
                .containsExactly(Channel.chat, Channel.email, Channel.sms);
        assertThat(shown.get(1).digital().get(1).level()).isEqualTo(TileLevel.warning);
        assertThat(shown.getFirst().digital().getFirst().waiting()).isEqualTo(1);
        assertThat(shown.getFirst().agents())
                .containsExactly(
                        Map.entry("available", 1),
                        Map.entry("ringing", 0),
                        Map.entry("on-call", 1),
                        Map.entry("wrap-up", 0),
                        Map.entry("paused", 0),
                        Map.entry("logged-out", 0));
    }

    private static QueueBoard board(String name, long longestWaitSeconds, Double serviceLevel) {
        return new QueueBoard(
                name,
                List.of(),
                longestWaitSeconds,
                0,
                0,
                Map.of("PJSIP/1001", AgentStatus.AVAILABLE, "PJSIP/1002", AgentStatus.ON_CALL),
                20,
                serviceLevel,
                null,
                0,
                0);
    }
}
