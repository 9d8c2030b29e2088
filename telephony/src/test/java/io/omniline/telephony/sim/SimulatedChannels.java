package io.omniline.telephony.sim;

import io.omniline.telephony.ami.AmiDecoder;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ami.event.AmiChannel;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEvents;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The channels the simulated Asterisk has, learnt from the events it sends (Newchannel … Hangup),
 * so that CoreShowChannels lists what a real one would: the channel block as last reported, the
 * running application (Newexten), the bridge it is in, and how long it has been up. Also the
 * callers waiting in each queue (QueueCallerJoin until QueueCallerLeave or Abandon), for QueueStatus.
 */
final class SimulatedChannels {

    private static final byte[][] WATCHED = {
        prefix("Newchannel"),
        prefix("Newstate"),
        prefix("NewCallerid"),
        prefix("Hangup"),
        prefix("Newexten"),
        prefix("BridgeEnter"),
        prefix("BridgeLeave"),
        prefix("QueueCallerJoin"),
        prefix("QueueCallerLeave"),
        prefix("QueueCallerAbandon")
    };

    record Channel(AmiChannel block, String application, String applicationData, String bridgeId, Instant created) {}

    record Waiting(String queue, AmiChannel caller, Instant joined) {}

    private final Clock clock;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, Waiting> waiting = new LinkedHashMap<>();

    SimulatedChannels(Clock clock) {
        this.clock = clock;
    }

    /** Reads whole packets as the simulator sends them, several in one write or one. */
    synchronized void sent(byte[] packets) {
        int start = 0;
        for (int i = 3; i < packets.length; i++) {
            if (packets[i] == '\n' && packets[i - 1] == '\r' && packets[i - 2] == '\n' && packets[i - 3] == '\r') {
                if (watched(packets, start)) {
                    learn(packets, start, i + 1 - start);
                }
                start = i + 1;
            }
        }
    }

    synchronized List<Channel> channels() {
        return new ArrayList<>(channels.values());
    }

    synchronized boolean has(String channelName) {
        return channels.values().stream()
                .anyMatch(channel -> channel.block().channel().equals(channelName));
    }

    synchronized List<Waiting> waiting(String queue) {
        return waiting.values().stream()
                .filter(caller -> caller.queue().equals(queue))
                .toList();
    }

    /** Asterisk's Duration: hours:minutes:seconds the channel has been up. */
    String duration(Channel channel) {
        long seconds = Duration.between(channel.created(), clock.instant()).toSeconds();
        return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private void learn(byte[] bytes, int offset, int length) {
        List<AmiPacket> packets = new ArrayList<>(1);
        new AmiDecoder(false, banner -> {}, packets::add).feed(bytes, offset, length);
        for (AmiPacket packet : packets) {
            switch (AmiEvents.decode(packet)) {
                case AmiEvent.Newchannel e ->
                    channels.put(e.channel().uniqueId(), new Channel(e.channel(), "", "", "", clock.instant()));
                case AmiEvent.Newstate e -> update(e.channel(), null, null);
                case AmiEvent.NewCallerid e -> update(e.channel(), null, null);
                case AmiEvent.Hangup e -> {
                    channels.remove(e.channel().uniqueId());
                    waiting.remove(e.channel().uniqueId());
                }
                case AmiEvent.BridgeEnter e ->
                    update(e.channel(), null, e.bridge().uniqueId());
                case AmiEvent.BridgeLeave e -> update(e.channel(), null, "");
                case AmiEvent.QueueCallerJoin e ->
                    waiting.put(e.caller().uniqueId(), new Waiting(e.queue(), e.caller(), clock.instant()));
                case AmiEvent.QueueCallerLeave e -> waiting.remove(e.caller().uniqueId());
                case AmiEvent.QueueCallerAbandon e -> waiting.remove(e.caller().uniqueId());
                case AmiEvent.Other e
                when e.name().equals("Newexten") ->
                    packet.get("Uniqueid").ifPresent(id -> {
                        Channel known = channels.get(id);
                        if (known != null) {
                            channels.put(
                                    id,
                                    new Channel(
                                            known.block(),
                                            packet.get("Application").orElse(""),
                                            packet.get("AppData").orElse(""),
                                            known.bridgeId(),
                                            known.created()));
                        }
                    });
                default -> {}
            }
        }
    }

    private void update(AmiChannel block, String application, String bridgeId) {
        Channel known = channels.get(block.uniqueId());
        if (known == null) {
            return;
        }
        channels.put(
                block.uniqueId(),
                new Channel(
                        block,
                        application == null ? known.application() : application,
                        known.applicationData(),
                        bridgeId == null ? known.bridgeId() : bridgeId,
                        known.created()));
    }

    private static boolean watched(byte[] packets, int start) {
        for (byte[] prefix : WATCHED) {
            if (startsWith(packets, start, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] prefix(String event) {
        return ("Event: " + event + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
