package io.omniline.telephony.ami.event;

/**
 * A queue member as QueueMember (a QueueStatus item) and the QueueMember* events describe it.
 *
 * @param memberInterface the interface the queue rings ({@code PJSIP/1001}); QueueMember calls it
 *     Location
 * @param status the device state: 1 not in use, 2 in use, 6 ringing (fact 18)
 * @param ringInUse only in the QueueMember* events; false in a QueueMember item, which has none
 */
public record QueueMemberState(
        String queue,
        String memberName,
        String memberInterface,
        String stateInterface,
        String membership,
        int penalty,
        int callsTaken,
        long lastCall,
        long lastPause,
        long loginTime,
        boolean inCall,
        int status,
        boolean paused,
        String pausedReason,
        boolean ringInUse,
        int wrapUpSeconds) {}
