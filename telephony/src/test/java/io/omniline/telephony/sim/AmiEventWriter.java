package io.omniline.telephony.sim;

import io.omniline.telephony.ami.event.AmiBridge;
import io.omniline.telephony.ami.event.AmiChannel;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.QueueMemberState;
import java.nio.charset.StandardCharsets;

/**
 * Writes events as Asterisk 22 does: the header order, the Privilege of each event, the channel
 * blocks (with the {@code Dest} prefix for an agent's leg), {@code Channel: none} for a global
 * VarSet and {@code <unknown>} for a failed Originate's Uniqueid. Checked byte for byte against
 * every such packet of the captures ({@code AmiSimulatorMatchesCapturesTest}). QueueEntry and the
 * two transfer events appear in no capture; they follow Asterisk's documentation.
 */
public final class AmiEventWriter {

    private AmiEventWriter() {}

    public static byte[] bytes(AmiEvent event) {
        return write(event).getBytes(StandardCharsets.UTF_8);
    }

    public static String write(AmiEvent event) {
        Packet p = new Packet();
        switch (event) {
            case AmiEvent.FullyBooted e ->
                p.event("FullyBooted", "system,all")
                        .add("Uptime", e.uptime())
                        .add("LastReload", e.lastReload())
                        .add("Status", e.status());
            case AmiEvent.Shutdown e ->
                p.event("Shutdown", "system,all")
                        .add("Shutdown", e.shutdown())
                        .add("Restart", e.restart() ? "True" : "False");
            case AmiEvent.Reload e ->
                p.event("Reload", "system,all").add("Module", e.module()).add("Status", e.status());
            case AmiEvent.Newchannel e -> p.event("Newchannel", "call,all").channel("", e.channel());
            case AmiEvent.Newstate e -> p.event("Newstate", "call,all").channel("", e.channel());
            case AmiEvent.NewCallerid e ->
                p.event("NewCallerid", "call,all").channel("", e.channel()).add("CID-CallingPres", e.callingPres());
            case AmiEvent.Hangup e ->
                p.event("Hangup", "call,all")
                        .channel("", e.channel())
                        .add("Cause", e.cause())
                        .add("Cause-txt", e.causeText());
            case AmiEvent.VarSet e -> {
                p.event("VarSet", "dialplan,all");
                if (e.channel() == null) {
                    p.add("Channel", "none").add("Uniqueid", "none");
                } else {
                    p.channel("", e.channel());
                }
                p.add("Variable", e.variable()).add("Value", e.value());
            }
            case AmiEvent.BridgeEnter e ->
                p.event("BridgeEnter", "call,all").bridge(e.bridge()).channel("", e.channel());
            case AmiEvent.BridgeLeave e ->
                p.event("BridgeLeave", "call,all").bridge(e.bridge()).channel("", e.channel());
            case AmiEvent.BridgeDestroy e ->
                p.event("BridgeDestroy", "call,all").bridge(e.bridge());
            case AmiEvent.QueueCallerJoin e ->
                p.event("QueueCallerJoin", "agent,all")
                        .channel("", e.caller())
                        .add("Queue", e.queue())
                        .add("Position", e.position())
                        .add("Count", e.count());
            case AmiEvent.QueueCallerLeave e ->
                p.event("QueueCallerLeave", "agent,all")
                        .channel("", e.caller())
                        .add("Queue", e.queue())
                        .add("Position", e.position())
                        .add("Count", e.count());
            case AmiEvent.QueueCallerAbandon e ->
                p.event("QueueCallerAbandon", "agent,all")
                        .channel("", e.caller())
                        .add("Queue", e.queue())
                        .add("Position", e.position())
                        .add("OriginalPosition", e.originalPosition())
                        .add("HoldTime", e.holdTime());
            case AmiEvent.AgentCalled e ->
                p.event("AgentCalled", "agent,all")
                        .channel("", e.caller())
                        .channel("Dest", e.agent())
                        .member(e.queue(), e.memberInterface(), e.memberName());
            case AmiEvent.AgentRingNoAnswer e ->
                p.event("AgentRingNoAnswer", "agent,all")
                        .channel("", e.caller())
                        .channel("Dest", e.agent())
                        .member(e.queue(), e.memberInterface(), e.memberName())
                        .add("RingTime", e.ringTimeMillis());
            case AmiEvent.AgentConnect e ->
                p.event("AgentConnect", "agent,all")
                        .channel("", e.caller())
                        .channel("Dest", e.agent())
                        .member(e.queue(), e.memberInterface(), e.memberName())
                        .add("HoldTime", e.holdTime())
                        .add("RingTime", e.ringTime());
            case AmiEvent.AgentComplete e ->
                p.event("AgentComplete", "agent,all")
                        .channel("", e.caller())
                        .channel("Dest", e.agent())
                        .member(e.queue(), e.memberInterface(), e.memberName())
                        .add("HoldTime", e.holdTime())
                        .add("TalkTime", e.talkTime())
                        .add("Reason", e.reason());
            case AmiEvent.BlindTransfer e ->
                p.event("BlindTransfer", "call,all")
                        .add("Result", e.result())
                        .add("TransfererChannel", e.transfererChannel())
                        .add("TransfereeChannel", e.transfereeChannel())
                        .add("TransfereeUniqueid", e.transfereeUniqueId())
                        .add("IsExternal", "No")
                        .add("Context", e.context())
                        .add("Extension", e.extension());
            case AmiEvent.AttendedTransfer e ->
                p.event("AttendedTransfer", "call,all")
                        .add("Result", e.result())
                        .add("SecondTransfererExten", e.secondTransfererExten())
                        .add("TransfereeChannel", e.transfereeChannel())
                        .add("TransfereeUniqueid", e.transfereeUniqueId())
                        .add("TransferTargetChannel", e.transferTargetChannel())
                        .add("DestType", "Bridge");
            case AmiEvent.QueueParams e ->
                p.add("Event", "QueueParams")
                        .add("Queue", e.queue())
                        .add("Max", e.max())
                        .add("Strategy", e.strategy())
                        .add("Calls", e.calls())
                        .add("Holdtime", e.holdTime())
                        .add("TalkTime", e.talkTime())
                        .add("Completed", e.completed())
                        .add("Abandoned", e.abandoned())
                        .add("ServiceLevel", e.serviceLevel())
                        .add("ServicelevelPerf", e.serviceLevelPerf())
                        .add("ServicelevelPerf2", e.serviceLevelPerf2())
                        .add("Weight", e.weight())
                        .add("ActionID", e.actionId());
            case AmiEvent.QueueMember e -> {
                QueueMemberState m = e.member();
                p.add("Event", "QueueMember")
                        .add("Queue", m.queue())
                        .add("Name", m.memberName())
                        .add("Location", m.memberInterface())
                        .memberState(m)
                        .add("Wrapuptime", m.wrapUpSeconds())
                        .add("ActionID", e.actionId());
            }
            case AmiEvent.QueueEntry e ->
                p.add("Event", "QueueEntry")
                        .add("Queue", e.queue())
                        .add("Position", e.position())
                        .add("Channel", e.channel())
                        .add("Uniqueid", e.uniqueId())
                        .add("CallerIDNum", e.callerIdNum())
                        .add("Wait", e.waitSeconds())
                        .add("ActionID", e.actionId());
            case AmiEvent.QueueMemberStatus e -> p.memberEvent("QueueMemberStatus", e.member());
            case AmiEvent.QueueMemberAdded e -> p.memberEvent("QueueMemberAdded", e.member());
            case AmiEvent.QueueMemberRemoved e -> p.memberEvent("QueueMemberRemoved", e.member());
            case AmiEvent.QueueMemberPause e -> p.memberEvent("QueueMemberPause", e.member());
            case AmiEvent.CoreShowChannel e ->
                p.add("Event", "CoreShowChannel")
                        .add("ActionID", e.actionId())
                        .channel("", e.channel())
                        .add("Application", e.application())
                        .add("ApplicationData", e.applicationData())
                        .add("Duration", e.duration())
                        .add("BridgeId", e.bridgeId());
            case AmiEvent.ListComplete e ->
                p.add("Event", e.name())
                        .add("ActionID", e.actionId())
                        .add("EventList", "Complete")
                        .add("ListItems", e.listItems());
            case AmiEvent.OriginateResponse e ->
                p.event("OriginateResponse", "call,all")
                        .add("ActionID", e.actionId())
                        .add("Response", e.success() ? "Success" : "Failure")
                        .add("Channel", e.channel())
                        .add("Context", e.context())
                        .add("Exten", e.exten())
                        .add("Reason", e.reason())
                        .add("Uniqueid", e.uniqueId() == null ? "<unknown>" : e.uniqueId())
                        .add("CallerIDNum", e.callerIdNum())
                        .add("CallerIDName", e.callerIdName());
            case AmiEvent.DialEnd e ->
                p.event("DialEnd", "call,all")
                        .channel("", e.caller())
                        .channel("Dest", e.dest())
                        .add("DialStatus", e.dialStatus());
            case AmiEvent.MessageWaiting e ->
                p.event("MessageWaiting", "call,all")
                        .channel("", e.channel())
                        .add("Mailbox", e.mailbox())
                        .add("Waiting", e.waiting())
                        .add("New", e.newMessages())
                        .add("Old", e.oldMessages());
            case AmiEvent.Other e -> e.packet().headers().forEach(header -> p.add(header.getKey(), header.getValue()));
        }
        return p.end();
    }

    /** FullyBooted as sent when a boot finishes (fact 48): Status first, unlike the one sent at login. */
    public static String fullyBootedAtBoot() {
        return new Packet()
                .event("FullyBooted", "system,all")
                .add("Status", "Fully Booted")
                .add("Uptime", 0)
                .add("LastReload", 0)
                .end();
    }

    private static final class Packet {
        final StringBuilder text = new StringBuilder(1024);

        Packet event(String name, String privilege) {
            return add("Event", name).add("Privilege", privilege);
        }

        Packet add(String name, Object value) {
            text.append(name).append(": ").append(value).append("\r\n");
            return this;
        }

        Packet channel(String prefix, AmiChannel c) {
            if (c == null) {
                return this;
            }
            return add(prefix + "Channel", c.channel())
                    .add(prefix + "ChannelState", c.state())
                    .add(prefix + "ChannelStateDesc", c.stateDesc())
                    .add(prefix + "CallerIDNum", c.callerIdNum())
                    .add(prefix + "CallerIDName", c.callerIdName())
                    .add(prefix + "ConnectedLineNum", c.connectedLineNum())
                    .add(prefix + "ConnectedLineName", c.connectedLineName())
                    .add(prefix + "Language", c.language())
                    .add(prefix + "AccountCode", c.accountCode())
                    .add(prefix + "Context", c.context())
                    .add(prefix + "Exten", c.exten())
                    .add(prefix + "Priority", c.priority())
                    .add(prefix + "Uniqueid", c.uniqueId())
                    .add(prefix + "Linkedid", c.linkedId());
        }

        Packet bridge(AmiBridge b) {
            return add("BridgeUniqueid", b.uniqueId())
                    .add("BridgeType", b.type())
                    .add("BridgeTechnology", b.technology())
                    .add("BridgeCreator", b.creator())
                    .add("BridgeName", b.name())
                    .add("BridgeNumChannels", b.numChannels())
                    .add("BridgeVideoSourceMode", b.videoSourceMode());
        }

        Packet member(String queue, String memberInterface, String memberName) {
            return add("Queue", queue).add("Interface", memberInterface).add("MemberName", memberName);
        }

        Packet memberEvent(String name, QueueMemberState m) {
            return event(name, "agent,all")
                    .add("Queue", m.queue())
                    .add("MemberName", m.memberName())
                    .add("Interface", m.memberInterface())
                    .memberState(m)
                    .add("Ringinuse", m.ringInUse() ? 1 : 0)
                    .add("Wrapuptime", m.wrapUpSeconds());
        }

        /** StateInterface … PausedReason, common to the QueueMember item and the QueueMember* events. */
        Packet memberState(QueueMemberState m) {
            return add("StateInterface", m.stateInterface())
                    .add("Membership", m.membership())
                    .add("Penalty", m.penalty())
                    .add("CallsTaken", m.callsTaken())
                    .add("LastCall", m.lastCall())
                    .add("LastPause", m.lastPause())
                    .add("LoginTime", m.loginTime())
                    .add("InCall", m.inCall() ? 1 : 0)
                    .add("Status", m.status())
                    .add("Paused", m.paused() ? 1 : 0)
                    .add("PausedReason", m.pausedReason());
        }

        String end() {
            return text.append("\r\n").toString();
        }
    }
}
