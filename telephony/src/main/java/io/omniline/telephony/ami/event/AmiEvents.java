package io.omniline.telephony.ami.event;

import io.omniline.telephony.ami.AmiPacket;
import java.util.List;
import java.util.Map;

/**
 * The AMI event codec: a packet in, a typed event out, once, at the edge. Header names are
 * matched as Asterisk writes them (case-insensitively); a number that does not parse reads as 0.
 * An event that lacks the channel block it is about (a caller's Uniqueid, say) stays
 * {@link AmiEvent.Other}: acting on half of it would be guessing. Only the Agent* events may
 * lack the caller's or the agent's block, because Asterisk does leave them out (facts 55–57).
 */
public final class AmiEvents {

    private static final String UNKNOWN = "<unknown>";

    private AmiEvents() {}

    /** @param packet an event packet (it has an {@code Event:} header) */
    public static AmiEvent decode(AmiPacket packet) {
        String name = packet.get("Event").orElse("");
        Headers h = new Headers(packet);
        AmiEvent event = switch (name) {
            case "FullyBooted" ->
                new AmiEvent.FullyBooted(h.text("Status"), h.number("Uptime"), h.number("LastReload"));
            case "Shutdown" ->
                new AmiEvent.Shutdown(h.text("Shutdown"), h.text("Restart").equalsIgnoreCase("True"));
            case "Reload" -> new AmiEvent.Reload(h.text("Module"), h.integer("Status"));
            case "Newchannel" -> withChannel(h, channel -> new AmiEvent.Newchannel(channel));
            case "Newstate" -> withChannel(h, channel -> new AmiEvent.Newstate(channel));
            case "NewCallerid" ->
                withChannel(h, channel -> new AmiEvent.NewCallerid(channel, h.text("CID-CallingPres")));
            case "Hangup" ->
                withChannel(h, channel -> new AmiEvent.Hangup(channel, h.integer("Cause"), h.text("Cause-txt")));
            case "VarSet" -> varSet(h);
            case "BridgeEnter" -> withChannel(h, channel -> new AmiEvent.BridgeEnter(bridge(h), channel));
            case "BridgeLeave" -> withChannel(h, channel -> new AmiEvent.BridgeLeave(bridge(h), channel));
            case "BridgeDestroy" -> new AmiEvent.BridgeDestroy(bridge(h));
            case "QueueCallerJoin" ->
                withChannel(
                        h,
                        caller -> new AmiEvent.QueueCallerJoin(
                                caller, h.text("Queue"), h.integer("Position"), h.integer("Count")));
            case "QueueCallerLeave" ->
                withChannel(
                        h,
                        caller -> new AmiEvent.QueueCallerLeave(
                                caller, h.text("Queue"), h.integer("Position"), h.integer("Count")));
            case "QueueCallerAbandon" ->
                withChannel(
                        h,
                        caller -> new AmiEvent.QueueCallerAbandon(
                                caller,
                                h.text("Queue"),
                                h.integer("Position"),
                                h.integer("OriginalPosition"),
                                h.integer("HoldTime")));
            case "AgentCalled" ->
                withChannel(
                        h,
                        caller -> new AmiEvent.AgentCalled(
                                caller, h.channel("Dest"), h.text("Queue"), h.text("Interface"), h.text("MemberName")));
            case "AgentConnect" ->
                withChannel(
                        h,
                        caller -> new AmiEvent.AgentConnect(
                                caller,
                                h.channel("Dest"),
                                h.text("Queue"),
                                h.text("Interface"),
                                h.text("MemberName"),
                                h.integer("HoldTime"),
                                h.integer("RingTime")));
            case "AgentRingNoAnswer" ->
                withMember(
                        h,
                        new AmiEvent.AgentRingNoAnswer(
                                h.channel(""),
                                h.channel("Dest"),
                                h.text("Queue"),
                                h.text("Interface"),
                                h.text("MemberName"),
                                h.number("RingTime")));
            case "AgentComplete" ->
                withMember(
                        h,
                        new AmiEvent.AgentComplete(
                                h.channel(""),
                                h.channel("Dest"),
                                h.text("Queue"),
                                h.text("Interface"),
                                h.text("MemberName"),
                                h.integer("HoldTime"),
                                h.integer("TalkTime"),
                                h.text("Reason")));
            case "BlindTransfer" ->
                new AmiEvent.BlindTransfer(
                        h.text("Result"),
                        h.text("TransfererChannel"),
                        h.text("TransfereeChannel"),
                        h.text("TransfereeUniqueid"),
                        h.text("Extension"),
                        h.text("Context"));
            case "AttendedTransfer" ->
                new AmiEvent.AttendedTransfer(
                        h.text("Result"),
                        h.text("TransfereeChannel"),
                        h.text("TransfereeUniqueid"),
                        h.text("TransferTargetChannel"),
                        h.text("SecondTransfererExten"));
            case "QueueParams" ->
                new AmiEvent.QueueParams(
                        h.text("Queue"),
                        h.integer("Max"),
                        h.text("Strategy"),
                        h.integer("Calls"),
                        h.integer("Holdtime"),
                        h.integer("TalkTime"),
                        h.integer("Completed"),
                        h.integer("Abandoned"),
                        h.integer("ServiceLevel"),
                        h.text("ServicelevelPerf"),
                        h.text("ServicelevelPerf2"),
                        h.integer("Weight"),
                        h.text("ActionID"));
            case "QueueMember" -> new AmiEvent.QueueMember(member(h, "Name", "Location"), h.text("ActionID"));
            case "QueueEntry" ->
                new AmiEvent.QueueEntry(
                        h.text("Queue"),
                        h.integer("Position"),
                        h.text("Channel"),
                        h.text("Uniqueid"),
                        h.text("CallerIDNum"),
                        h.integer("Wait"),
                        h.text("ActionID"));
            case "QueueMemberStatus" -> new AmiEvent.QueueMemberStatus(member(h, "MemberName", "Interface"));
            case "QueueMemberAdded" -> new AmiEvent.QueueMemberAdded(member(h, "MemberName", "Interface"));
            case "QueueMemberRemoved" -> new AmiEvent.QueueMemberRemoved(member(h, "MemberName", "Interface"));
            case "QueueMemberPause" -> new AmiEvent.QueueMemberPause(member(h, "MemberName", "Interface"));
            case "CoreShowChannel" ->
                withChannel(
                        h,
                        channel -> new AmiEvent.CoreShowChannel(
                                h.text("ActionID"),
                                channel,
                                h.text("Application"),
                                h.text("ApplicationData"),
                                h.text("Duration"),
                                h.text("BridgeId")));
            case "QueueStatusComplete", "CoreShowChannelsComplete", "QueueSummaryComplete" ->
                new AmiEvent.ListComplete(name, h.text("ActionID"), h.integer("ListItems"));
            case "OriginateResponse" ->
                new AmiEvent.OriginateResponse(
                        h.text("ActionID"),
                        h.text("Response").equalsIgnoreCase("Success"),
                        h.text("Channel"),
                        h.text("Context"),
                        h.text("Exten"),
                        h.integer("Reason"),
                        h.text("Uniqueid").equals(UNKNOWN) ? null : h.text("Uniqueid"),
                        h.text("CallerIDNum"),
                        h.text("CallerIDName"));
            case "DialEnd" -> new AmiEvent.DialEnd(h.channel(""), h.channel("Dest"), h.text("DialStatus"));
            case "MessageWaiting" ->
                new AmiEvent.MessageWaiting(
                        h.channel(""), h.text("Mailbox"), h.integer("Waiting"), h.integer("New"), h.integer("Old"));
            default -> null;
        };
        return event == null ? new AmiEvent.Other(name, packet) : event;
    }

    private interface WithChannel {
        AmiEvent of(AmiChannel channel);
    }

    private static AmiEvent withChannel(Headers h, WithChannel event) {
        AmiChannel channel = h.channel("");
        return channel == null ? null : event.of(channel);
    }

    /** An Agent* event is about a member; without the interface it is about nothing Omniline knows. */
    private static AmiEvent withMember(Headers h, AmiEvent event) {
        return h.text("Interface").isEmpty() ? null : event;
    }

    private static AmiEvent varSet(Headers h) {
        if (h.text("Channel").equals("none")) {
            return new AmiEvent.VarSet(null, h.text("Variable"), h.text("Value"));
        }
        return withChannel(h, channel -> new AmiEvent.VarSet(channel, h.text("Variable"), h.text("Value")));
    }

    private static AmiBridge bridge(Headers h) {
        return new AmiBridge(
                h.text("BridgeUniqueid"),
                h.text("BridgeType"),
                h.text("BridgeTechnology"),
                h.text("BridgeCreator"),
                h.text("BridgeName"),
                h.integer("BridgeNumChannels"),
                h.text("BridgeVideoSourceMode"));
    }

    private static QueueMemberState member(Headers h, String nameHeader, String interfaceHeader) {
        return new QueueMemberState(
                h.text("Queue"),
                h.text(nameHeader),
                h.text(interfaceHeader),
                h.text("StateInterface"),
                h.text("Membership"),
                h.integer("Penalty"),
                h.integer("CallsTaken"),
                h.number("LastCall"),
                h.number("LastPause"),
                h.number("LoginTime"),
                h.flag("InCall"),
                h.integer("Status"),
                h.flag("Paused"),
                h.text("PausedReason"),
                h.flag("Ringinuse"),
                h.integer("Wrapuptime"));
    }

    /** The block's header names, in wire order, for the caller ("") and the agent's leg ("Dest"). */
    private static final String[] CALLER_BLOCK = block("");

    private static final String[] AGENT_BLOCK = block("Dest");

    private static String[] block(String prefix) {
        String[] names = {
            "Channel",
            "ChannelState",
            "ChannelStateDesc",
            "CallerIDNum",
            "CallerIDName",
            "ConnectedLineNum",
            "ConnectedLineName",
            "Language",
            "AccountCode",
            "Context",
            "Exten",
            "Priority",
            "Uniqueid",
            "Linkedid"
        };
        for (int i = 0; i < names.length; i++) {
            names[i] = prefix + names[i];
        }
        return names;
    }

    /**
     * Header lookups for one packet. Fields are read in the order Asterisk writes them, so each
     * search starts where the last one ended: decoding a packet is one pass, not one scan per field.
     */
    private static final class Headers {
        private final List<Map.Entry<String, String>> headers;
        private int cursor;

        Headers(AmiPacket packet) {
            this.headers = packet.headers();
        }

        String text(String name) {
            int size = headers.size();
            for (int i = 0; i < size; i++) {
                int at = (cursor + i) % size;
                Map.Entry<String, String> header = headers.get(at);
                if (header.getKey().equalsIgnoreCase(name)) {
                    cursor = at + 1;
                    return header.getValue();
                }
            }
            return "";
        }

        int integer(String name) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number(name)));
        }

        long number(String name) {
            String value = text(name).strip();
            try {
                return value.isEmpty() ? 0 : Long.parseLong(value);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        boolean flag(String name) {
            String value = text(name);
            return value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes");
        }

        /** The channel block with this prefix ("" or "Dest"), or null without its Channel or Uniqueid. */
        AmiChannel channel(String prefix) {
            String[] n = prefix.isEmpty() ? CALLER_BLOCK : AGENT_BLOCK;
            String channel = text(n[0]);
            if (channel.isEmpty()) {
                return null;
            }
            AmiChannel block = new AmiChannel(
                    channel,
                    integer(n[1]),
                    text(n[2]),
                    text(n[3]),
                    text(n[4]),
                    text(n[5]),
                    text(n[6]),
                    text(n[7]),
                    text(n[8]),
                    text(n[9]),
                    text(n[10]),
                    integer(n[11]),
                    text(n[12]),
                    text(n[13]));
            return block.uniqueId().isEmpty() ? null : block;
        }
    }
}
