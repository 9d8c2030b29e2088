package io.omniline.telephony.ami.event;

import io.omniline.telephony.ami.AmiPacket;

/**
 * An AMI event, decoded once at the edge ({@link AmiEvents#decode}) into an immutable value the
 * rest of Omniline switches on by type. Events Omniline does not act on stay {@link Other}, with
 * their packet. Times are Asterisk's own: seconds, except {@code ringTimeMillis}.
 */
public sealed interface AmiEvent {

    /** Asterisk has loaded every module; app_queue's actions work from now on (facts 46–49). */
    record FullyBooted(String status, long uptime, long lastReload) implements AmiEvent {}

    /** {@code core stop|restart}: the connection closes next (fact 45). */
    record Shutdown(String shutdown, boolean restart) implements AmiEvent {}

    /**
     * A module (or, with {@code module} All, everything) was reloaded (facts 51–53).
     *
     * @param status Asterisk's ast_module_reload_result: 0 success, 2 no such module, …
     */
    record Reload(String module, int status) implements AmiEvent {

        /** Whether app_queue's queues and members may have changed, so they must be asked for again. */
        public boolean reloadedQueues() {
            return status == 0
                    && (module.equalsIgnoreCase("All")
                            || module.equalsIgnoreCase("app_queue.so")
                            || module.equalsIgnoreCase("app_queue"));
        }
    }

    record Newchannel(AmiChannel channel) implements AmiEvent {}

    record Newstate(AmiChannel channel) implements AmiEvent {}

    record NewCallerid(AmiChannel channel, String callingPres) implements AmiEvent {}

    record Hangup(AmiChannel channel, int cause, String causeText) implements AmiEvent {}

    /** @param channel null for a global variable ({@code Channel: none}, facts 52 and 54) */
    record VarSet(AmiChannel channel, String variable, String value) implements AmiEvent {}

    record BridgeEnter(AmiBridge bridge, AmiChannel channel) implements AmiEvent {}

    record BridgeLeave(AmiBridge bridge, AmiChannel channel) implements AmiEvent {}

    record BridgeDestroy(AmiBridge bridge) implements AmiEvent {}

    record QueueCallerJoin(AmiChannel caller, String queue, int position, int count) implements AmiEvent {}

    record QueueCallerLeave(AmiChannel caller, String queue, int position, int count) implements AmiEvent {}

    /**
     * The caller left the queue without an agent: a hang-up, or the Queue() timeout with the
     * caller still up (then {@code VarSet QUEUESTATUS=TIMEOUT} follows; facts 63–64).
     */
    record QueueCallerAbandon(AmiChannel caller, String queue, int position, int originalPosition, int holdTime)
            implements AmiEvent {}

    record AgentCalled(AmiChannel caller, AmiChannel agent, String queue, String memberInterface, String memberName)
            implements AmiEvent {}

    record AgentRingNoAnswer(
            AmiChannel caller,
            AmiChannel agent,
            String queue,
            String memberInterface,
            String memberName,
            long ringTimeMillis)
            implements AmiEvent {}

    record AgentConnect(
            AmiChannel caller,
            AmiChannel agent,
            String queue,
            String memberInterface,
            String memberName,
            int holdTime,
            int ringTime)
            implements AmiEvent {}

    /**
     * The member's call ended. Under load Asterisk leaves out the caller's block, the agent's
     * block or both (facts 55–58): each is null then; the member's interface is always there.
     *
     * @param reason agent, caller or transfer
     */
    record AgentComplete(
            AmiChannel caller,
            AmiChannel agent,
            String queue,
            String memberInterface,
            String memberName,
            int holdTime,
            int talkTime,
            String reason)
            implements AmiEvent {}

    /** The caller's side of a blind transfer (no capture shows one; field names from Asterisk's documentation). */
    record BlindTransfer(
            String result,
            String transfererChannel,
            String transfereeChannel,
            String transfereeUniqueId,
            String extension,
            String context)
            implements AmiEvent {}

    /** The caller's side of an attended transfer (no capture shows one; field names from Asterisk's documentation). */
    record AttendedTransfer(
            String result,
            String transfereeChannel,
            String transfereeUniqueId,
            String transferTargetChannel,
            String secondTransfererExten)
            implements AmiEvent {}

    /** A QueueStatus item: one queue's settings and counters. */
    record QueueParams(
            String queue,
            int max,
            String strategy,
            int calls,
            int holdTime,
            int talkTime,
            int completed,
            int abandoned,
            int serviceLevel,
            String serviceLevelPerf,
            String serviceLevelPerf2,
            int weight,
            String actionId)
            implements AmiEvent {}

    /** A QueueStatus item: one member of one queue. */
    record QueueMember(QueueMemberState member, String actionId) implements AmiEvent {}

    /** A QueueStatus item: one caller waiting (no capture has a caller waiting during QueueStatus). */
    record QueueEntry(
            String queue,
            int position,
            String channel,
            String uniqueId,
            String callerIdNum,
            int waitSeconds,
            String actionId)
            implements AmiEvent {}

    record QueueMemberStatus(QueueMemberState member) implements AmiEvent {}

    record QueueMemberAdded(QueueMemberState member) implements AmiEvent {}

    record QueueMemberRemoved(QueueMemberState member) implements AmiEvent {}

    record QueueMemberPause(QueueMemberState member) implements AmiEvent {}

    /** A CoreShowChannels item: a channel Asterisk has now. */
    record CoreShowChannel(
            String actionId,
            AmiChannel channel,
            String application,
            String applicationData,
            String duration,
            String bridgeId)
            implements AmiEvent {}

    /** The last packet of a list action's answer (QueueStatusComplete, CoreShowChannelsComplete, …). */
    record ListComplete(String name, String actionId, int listItems) implements AmiEvent {}

    /**
     * How an {@code Async} Originate ended (facts 66–69). It carries a {@code Response:} header and
     * is still an event.
     *
     * @param reason 4 answered, 0 no such extension, 3 no answer within Timeout, 5 busy
     * @param uniqueId null when the call never came up ({@code <unknown>})
     */
    record OriginateResponse(
            String actionId,
            boolean success,
            String channel,
            String context,
            String exten,
            int reason,
            String uniqueId,
            String callerIdNum,
            String callerIdName)
            implements AmiEvent {}

    /**
     * A mailbox's count changed. {@code waiting} does not follow from the counts (fact 50).
     *
     * @param channel the caller who left a message, or null at boot and reload (fact 61)
     */
    record MessageWaiting(AmiChannel channel, String mailbox, int waiting, int newMessages, int oldMessages)
            implements AmiEvent {}

    /**
     * A Dial() attempt ended. {@code caller} is the dialling channel: absent when Originate itself
     * dialled (ami-16 shows that DialEnd with only the Dest block); {@code dest} is the dialled one.
     *
     * @param dialStatus ANSWER, NOANSWER, BUSY, CANCEL, CONGESTION, CHANUNAVAIL, …
     */
    record DialEnd(AmiChannel caller, AmiChannel dest, String dialStatus) implements AmiEvent {}

    /** Every other event (Newexten, Cdr, DialBegin, AGIExec…), kept as it came. */
    record Other(String name, AmiPacket packet) implements AmiEvent {}
}
