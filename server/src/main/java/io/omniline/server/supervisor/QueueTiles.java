package io.omniline.server.supervisor;

import io.omniline.db.digital.QueueLoad;
import io.omniline.db.interaction.Channel;
import io.omniline.telephony.live.AgentStatus;
import io.omniline.telephony.live.LiveModelStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The wallboard's tiles: Asterisk's queues (in its order) and then any other queue with a chat,
 * email or SMS in it, each with its figures levelled by {@link TileThresholds}. Figures from
 * before the link to Asterisk was lost keep level ok: they are shown greyed, not as a reason to
 * act. Reads nothing itself: the boards and the digital loads keep their own pace.
 */
public final class QueueTiles implements Supplier<List<QueueTile>> {

    private static final List<Channel> DIGITAL = List.of(Channel.chat, Channel.email, Channel.sms);

    private final Supplier<List<QueueBoard>> phone;
    private final Supplier<List<QueueLoad>> digital;
    private final Supplier<LiveModelStatus> liveModel;
    private final TileThresholds thresholds;

    public QueueTiles(
            Supplier<List<QueueBoard>> phone,
            Supplier<List<QueueLoad>> digital,
            Supplier<LiveModelStatus> liveModel,
            TileThresholds thresholds) {
        this.phone = phone;
        this.digital = digital;
        this.liveModel = liveModel;
        this.thresholds = thresholds;
    }

    @Override
    public List<QueueTile> get() {
        boolean live = liveModel.get().complete();
        Map<String, List<QueueLoad>> loads = digital.get().stream().collect(Collectors.groupingBy(QueueLoad::queue));
        List<QueueTile> tiles = new ArrayList<>();
        TreeSet<String> digitalOnly = new TreeSet<>(loads.keySet());
        for (QueueBoard board : phone.get()) {
            digitalOnly.remove(board.name());
            tiles.add(tile(board.name(), board, loads.getOrDefault(board.name(), List.of()), live));
        }
        digitalOnly.forEach(name -> tiles.add(tile(name, null, loads.get(name), live)));
        return tiles;
    }

    private QueueTile tile(String name, QueueBoard board, List<QueueLoad> loads, boolean live) {
        List<QueueTile.ChannelFigures> channels = DIGITAL.stream()
                .map(channel -> loads.stream()
                        .filter(load -> load.channel() == channel)
                        .findFirst()
                        .map(load -> new QueueTile.ChannelFigures(
                                channel,
                                load.waiting(),
                                load.inProgress(),
                                load.longestWaitSeconds(),
                                thresholds.digitalWait(channel, load.longestWaitSeconds())))
                        .orElse(new QueueTile.ChannelFigures(channel, 0, 0, null, TileLevel.ok)))
                .toList();
        boolean phoneLive = board != null && live;
        TileLevel longestWait = phoneLive
                ? thresholds.longestCall(board.longestWaitSeconds(), board.serviceLevelSeconds())
                : TileLevel.ok;
        TileLevel serviceLevel = phoneLive ? thresholds.serviceLevel(board.serviceLevelPercent()) : TileLevel.ok;
        TileLevel overall = TileLevel.worst(longestWait, serviceLevel);
        for (QueueTile.ChannelFigures figures : channels) {
            overall = TileLevel.worst(overall, figures.level());
        }
        return new QueueTile(
                name,
                board,
                agents(board),
                channels,
                thresholds.serviceLevelTargetPercent(),
                new QueueTile.Levels(longestWait, serviceLevel, overall));
    }

    /** The queue's agents counted by state, in the codes the floor's agents table uses. */
    private static Map<String, Integer> agents(QueueBoard board) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String state : List.of("available", "ringing", "on-call", "wrap-up", "paused", "logged-out")) {
            counts.put(state, 0);
        }
        if (board != null) {
            board.agents().values().forEach(status -> counts.merge(code(status), 1, Integer::sum));
        }
        return counts;
    }

    private static String code(AgentStatus status) {
        return switch (status) {
            case AVAILABLE -> "available";
            case RINGING -> "ringing";
            case ON_CALL -> "on-call";
            case WRAP_UP -> "wrap-up";
            case PAUSED -> "paused";
            case LOGGED_OFF -> "logged-out";
        };
    }
}
