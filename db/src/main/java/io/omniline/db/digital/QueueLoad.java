package io.omniline.db.digital;

import io.omniline.db.interaction.Channel;

/**
 * One queue's conversations of one digital channel now.
 *
 * @param waiting queued or offered to an agent who has not taken it yet: the customer still waits
 * @param inProgress taken by an agent and not ended
 * @param longestWaitSeconds how long the longest-waiting of them has been in the queue; null while none waits
 */
public record QueueLoad(String queue, Channel channel, int waiting, int inProgress, Integer longestWaitSeconds) {}
