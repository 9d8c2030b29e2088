package io.omniline.server.supervisor;

import io.omniline.db.interaction.Channel;
import java.util.Map;

/**
 * When a figure on a queue's tile turns amber or red. A caller waiting longer than half the
 * queue's service-level time is a warning and past it an alarm; a service level under the target
 * is an alarm; a chat, SMS or email waiting longer than its channel's times is a warning, then an
 * alarm (a web chat visitor gives up in a minute or two, an email can wait an hour).
 *
 * @param serviceLevelTargetPercent the share of callers to answer within the queue's time
 * @param digitalWaits per channel, seconds before a warning and before an alarm
 */
public record TileThresholds(int serviceLevelTargetPercent, Map<Channel, Waits> digitalWaits) {

    public static final TileThresholds DEFAULTS = new TileThresholds(
            80,
            Map.of(
                    Channel.chat, new Waits(30, 60),
                    Channel.sms, new Waits(120, 300),
                    Channel.email, new Waits(1800, 3600)));

    /** @param warningSeconds a wait this long is a warning; {@code alarmSeconds} or longer an alarm */
    public record Waits(int warningSeconds, int alarmSeconds) {

        TileLevel of(Integer waitedSeconds) {
            if (waitedSeconds == null) {
                return TileLevel.ok;
            }
            return waitedSeconds >= alarmSeconds
                    ? TileLevel.alarm
                    : waitedSeconds >= warningSeconds ? TileLevel.warning : TileLevel.ok;
        }
    }

    TileLevel longestCall(long waitedSeconds, int serviceLevelSeconds) {
        if (waitedSeconds > serviceLevelSeconds) {
            return TileLevel.alarm;
        }
        return waitedSeconds * 2 >= serviceLevelSeconds && waitedSeconds > 0 ? TileLevel.warning : TileLevel.ok;
    }

    TileLevel serviceLevel(Double percent) {
        return percent != null && percent < serviceLevelTargetPercent ? TileLevel.alarm : TileLevel.ok;
    }

    TileLevel digitalWait(Channel channel, Integer waitedSeconds) {
        Waits waits = digitalWaits.get(channel);
        return waits == null ? TileLevel.ok : waits.of(waitedSeconds);
    }
}
