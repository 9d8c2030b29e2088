package io.omniline.server.supervisor;

import io.omniline.db.interaction.Channel;
import java.util.List;
import java.util.Map;

/**
 * One queue as the wallboard draws it: the phone queue Asterisk runs (callers, agents, today's
 * calls and service level) and the chats, emails and SMS waiting and in progress in it, each
 * figure with how it stands against its threshold.
 *
 * @param phone the queue's calls; null when Asterisk has no queue of this name (digital work only)
 * @param agents how many of the queue's agents are in each state (available, ringing, on-call,
 *     wrap-up, paused, logged-out), every state present, in that order
 * @param digital chat, email and SMS, in that order, each present
 */
public record QueueTile(
        String name,
        QueueBoard phone,
        Map<String, Integer> agents,
        List<ChannelFigures> digital,
        int serviceLevelTargetPercent,
        Levels levels) {

    /** @param longestWaitSeconds null while nothing waits */
    public record ChannelFigures(
            Channel channel, int waiting, int inProgress, Integer longestWaitSeconds, TileLevel level) {}

    /**
     * @param longestWait the longest-waiting caller against the queue's service-level time
     * @param serviceLevel today's service level against the target
     * @param overall the worst figure on the tile
     */
    public record Levels(TileLevel longestWait, TileLevel serviceLevel, TileLevel overall) {}
}
