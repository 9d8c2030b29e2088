package io.omniline.telephony.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.telephony.ami.AmiDecoder;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEvents;
import io.omniline.telephony.ami.event.QueueMemberState;
import io.omniline.telephony.capture.CapturedPacketBytes;
import io.omniline.telephony.capture.Transcript;
import io.omniline.testing.MovableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AMI simulator must write what the real Asterisk wrote. Given each recorded event's facts
 * (decoded by Omniline's own codec), the simulator's writer gives back the recorded bytes; and
 * the simulator answers the recorded actions of a restart, a reload and Originate callbacks
 * with the recorded packets.
 */
class AmiSimulatorMatchesCapturesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ami-02-actions-idle-system.txt",
                "ami-03-queue-member-pause-add-remove-events.txt",
                "ami-04-call-ivr-queue-answered-agent-hangs-up.txt",
                "ami-05-call-ivr-queue-answered-caller-hangs-up.txt",
                "ami-06-call-ivr-queue-ringnoanswer-then-abandon.txt",
                "ami-09-call-sip-ivr-queue-pjsip-agent.txt",
                "ami-10-missing-prompt-vs-caller-hangup.txt",
                "ami-11-asterisk-restart-reconnect-before-fullybooted.txt",
                "ami-12-module-reload-and-core-reload-events.txt",
                "ami-13a-load-10-calls-agentcomplete-without-channel-fields.txt",
                "ami-13b-load-10-calls-agentcomplete-without-agent-fields.txt",
                "ami-14-voicemail-no-mailbox-vmstatus-failed.txt",
                "ami-15-voicemail-message-left-messagewaiting.txt",
                "ami-16-queue-timeout-then-originate-callbacks.txt"
            })
    void everyTypedEventIsWrittenBackByteForByte(String capture) {
        int typed = 0;
        for (byte[] recorded : CapturedPacketBytes.fromAsterisk(capture)) {
            AmiPacket packet = decode(recorded);
            if (!packet.isEvent()) {
                continue;
            }
            AmiEvent event = AmiEvents.decode(packet);
            String expected = new String(recorded, StandardCharsets.UTF_8);
            String written = event instanceof AmiEvent.FullyBooted
                            && expected.startsWith("Event: FullyBooted\r\nPrivilege: system,all\r\nStatus")
                    ? AmiEventWriter.fullyBootedAtBoot()
                    : AmiEventWriter.write(event);
            assertThat(written)
                    .as(capture + ": " + event.getClass().getSimpleName())
                    .isEqualTo(expected);
            if (!(event instanceof AmiEvent.Other)) {
                typed++;
            }
        }
        assertThat(typed).isPositive();
    }

    /**
     * ami-11: Shutdown, then the connection closed; refused connects; a login before FullyBooted
     * gets SuccessfulAuth only, QueueStatus "Invalid/unknown command" plus RequestBadFormat while
     * CoreShowChannels and Ping work; FullyBooted later with Status first; then QueueStatus lists
     * every queue and static member.
     */
    @Test
    void aRestartLooksLikeTheRecordedOne() throws Exception {
        String capture = "ami-11-asterisk-restart-reconnect-before-fullybooted.txt";
        List<String> recorded = connections(capture);
        List<byte[]> sent = CapturedPacketBytes.toAsterisk(capture);
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("ccadmin", "ccsecret"))) {
            asterisk.uptime(745, 12);
            asterisk.addMailbox("support@default", 1, 0);
            long login = 1796049945L;
            asterisk.addQueue(
                    "support",
                    "rrmemory",
                    member("support", "Agent One", "Local/agent1@agents", login),
                    member("support", "Agent Two", "Local/agent2@agents", login),
                    member("support", "Agent Three", "Local/agent3@agents", login));
            asterisk.addQueue("sales", "leastrecent", member("sales", "Slow Agent", "Local/slow1@agents", login));
            asterisk.addQueue(
                    "load",
                    "rrmemory",
                    member("load", "Agent One", "Local/agent1@agents", login),
                    member("load", "Agent Two", "Local/agent2@agents", login));

            RawClient first = new RawClient(asterisk.port());
            first.send(sent.get(0));
            first.awaitText("Event: SuccessfulAuth");
            asterisk.shutDown();
            first.awaitEnd();
            assertThatThrownBy(() -> new RawClient(asterisk.port()))
                    .as("refused while Asterisk restarts")
                    .isInstanceOf(ConnectException.class);
            asterisk.startBooting();
            RawClient second = new RawClient(asterisk.port());
            second.send(sent.get(1), sent.get(2), sent.get(3), sent.get(4));
            second.awaitText("Ping: Pong");
            asterisk.finishBoot();
            second.awaitText("Status: Fully Booted\r\nUptime: 0");
            second.send(sent.get(5));
            second.awaitText("Event: QueueStatusComplete");
            second.send(sent.get(6));
            second.awaitEnd();

            assertThat(masked(first.received())).isEqualTo(masked(recorded.get(0)));
            assertThat(masked(second.received())).isEqualTo(masked(recorded.get(1)));
        }
    }

    /** ami-12: CLI module reload, CLI core reload, AMI Reload of app_queue and of a module that does not exist. */
    @Test
    void reloadsLookLikeTheRecordedOnes() throws Exception {
        String capture = "ami-12-module-reload-and-core-reload-events.txt";
        List<byte[]> sent = CapturedPacketBytes.toAsterisk(capture);
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("ccadmin", "ccsecret"))) {
            asterisk.uptime(720, 62);
            asterisk.addMailbox("support@default", 1, 0);
            for (String[] global : new String[][] {
                {"FLOW_100", "main"},
                {"FLOW_101", "hangup"},
                {"FLOW_102", "errors"},
                {"FLOW_103", "abandon"},
                {"AGENT_RING", "2"},
                {"AGENT_TALK", "6"}
            }) {
                asterisk.addGlobal(global[0], global[1]);
            }
            RawClient client = new RawClient(asterisk.port());
            client.send(sent.get(0));
            client.awaitText("Event: SuccessfulAuth");
            asterisk.cliReload("app_queue.so");
            asterisk.coreReload();
            client.awaitText("Module: All");
            client.send(sent.get(1));
            client.awaitText("Message: Module Reloaded\r\n\r\nEvent: Reload");
            client.send(sent.get(2));
            client.awaitText("Status: 2");
            client.send(sent.get(3));
            client.awaitEnd();

            assertThat(masked(client.received()))
                    .isEqualTo(masked(connections(capture).get(0)));
        }
    }

    /**
     * ami-03: QueuePause and its undoing, QueueAdd and QueueRemove are each answered, then
     * announced to the session (DeviceStateChange of the pause device and QueueMemberPause;
     * QueueMemberAdded; QueueMemberRemoved) with the recorded fields in the recorded order.
     */
    @Test
    void queueMembershipActionsAreAnsweredAndAnnouncedLikeTheRecordedOnes() throws Exception {
        String capture = "ami-03-queue-member-pause-add-remove-events.txt";
        List<byte[]> sent = CapturedPacketBytes.toAsterisk(capture);
        MovableClock clock = new MovableClock(Instant.ofEpochSecond(1795455808L));
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("ccadmin", "ccsecret"), clock)) {
            asterisk.uptime(28, 28);
            asterisk.addQueue(
                    "support", "rrmemory", member("support", "Agent Three", "Local/agent3@agents", 1795455778L));
            RawClient client = new RawClient(asterisk.port());
            client.send(sent.get(0));
            client.awaitText("Event: SuccessfulAuth");
            client.send(sent.get(1));
            client.awaitText("Paused: 1");
            client.send(sent.get(2));
            client.awaitText("Paused: 0");
            clock.advance(Duration.ofSeconds(1));
            client.send(sent.get(3));
            client.awaitText("Event: QueueMemberAdded");
            client.send(sent.get(4));
            client.awaitText("Event: QueueMemberRemoved");
            client.send(sent.get(5));
            client.awaitEnd();

            assertThat(masked(client.received()))
                    .isEqualTo(masked(connections(capture).get(0)));
        }
    }

    /** ami-16: a global Setvar, and Originate callback legs answered, to no such extension, busy, not answered. */
    @Test
    void originatesAreAnsweredLikeTheRecordedOnes() throws Exception {
        String capture = "ami-16-queue-timeout-then-originate-callbacks.txt";
        List<byte[]> sent = CapturedPacketBytes.toAsterisk(capture).stream()
                .filter(action -> text(action).contains("ActionID: callback-")
                        || text(action).startsWith("Action: Setvar"))
                .toList();
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("ccadmin", "ccsecret"))) {
            asterisk.onOriginate(
                    "Local/agent2@agents",
                    new AmiSimulator.OriginateOutcome.Answered("Local/agent2@agents-00000004;1", "1796050279.8"));
            asterisk.onOriginate("Local/nosuch@agents", new AmiSimulator.OriginateOutcome.Failed(0));
            asterisk.onOriginate("Local/busy1@agents", new AmiSimulator.OriginateOutcome.Failed(5));
            asterisk.onOriginate("Local/slow1@agents", new AmiSimulator.OriginateOutcome.Failed(3));
            RawClient client = new RawClient(asterisk.port());
            client.send(CapturedPacketBytes.toAsterisk(capture).get(0));
            client.awaitText("Event: SuccessfulAuth");
            for (byte[] action : sent) {
                client.send(action);
            }
            client.awaitText("ActionID: callback-cb-4714\r\nResponse: Failure");

            assertThat(String.join("", ofInterest(client.received())))
                    .isEqualTo(String.join("", ofInterest(connections(capture).get(0))));
        }
    }

    /** The Setvar answers and their VarSet, and every packet of a callback Originate. */
    private static List<String> ofInterest(String stream) {
        List<String> kept = new ArrayList<>();
        for (String packet : stream.split("(?<=\\r\\n\\r\\n)")) {
            if (packet.contains("ActionID: callback-")
                    || packet.contains("Message: Variable Set")
                    || packet.startsWith("Event: VarSet\r\nPrivilege: dialplan,all\r\nChannel: none")) {
                kept.add(packet);
            }
        }
        return kept;
    }

    private static QueueMemberState member(String queue, String name, String memberInterface, long loginTime) {
        return new QueueMemberState(
                queue,
                name,
                memberInterface,
                memberInterface,
                "static",
                0,
                0,
                0,
                0,
                loginTime,
                false,
                1,
                false,
                "",
                false,
                0);
    }

    /** What Asterisk sent on each connection of a capture, in order (a banner starts a connection). */
    private static List<String> connections(String capture) {
        List<String> connections = new ArrayList<>();
        StringBuilder current = null;
        for (Transcript.Entry entry : Transcript.load(capture).entries()) {
            if (!entry.fromAsterisk()) {
                continue;
            }
            if (entry.text().startsWith("Asterisk Call Manager/")) {
                if (current != null) {
                    connections.add(current.toString());
                }
                current = new StringBuilder();
            }
            current.append(entry.text());
        }
        connections.add(current.toString());
        return connections;
    }

    /** Values that differ in every run: clocks, session ids, TCP ports. */
    private static String masked(String stream) {
        return VARYING.matcher(stream).replaceAll("$1: *");
    }

    private static final Pattern VARYING =
            Pattern.compile("(EventTV|SessionTV|SessionID|LocalAddress|RemoteAddress|Timestamp): [^\\r]*");

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A bare socket speaking AMI bytes, keeping all it receives. */
    private static final class RawClient {
        private final Socket socket;
        private final OutputStream out;
        private final StringBuffer received = new StringBuffer();
        private final Thread reader;

        RawClient(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            out = socket.getOutputStream();
            reader = Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = socket.getInputStream()) {
                    int read;
                    while ((read = in.read(buffer)) != -1) {
                        received.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                    }
                } catch (IOException ignored) {
                    // The end is what the test waits for.
                }
            });
        }

        /** One write: the answer to a Logoff may close the socket right after it. */
        void send(byte[]... packets) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] packet : packets) {
                all.writeBytes(packet);
            }
            out.write(all.toByteArray());
        }

        void awaitText(String text) throws InterruptedException {
            for (int i = 0; i < 100 && received.indexOf(text) < 0; i++) {
                Thread.sleep(50);
            }
            assertThat(received.toString()).contains(text);
        }

        void awaitEnd() throws InterruptedException {
            reader.join(5_000);
            assertThat(reader.isAlive()).as("Asterisk closed the connection").isFalse();
        }

        String received() {
            return received.toString();
        }
    }

    private static AmiPacket decode(byte[] bytes) {
        List<AmiPacket> packets = new ArrayList<>();
        AmiDecoder decoder = new AmiDecoder(false, banner -> {}, packets::add);
        decoder.feed(bytes, 0, bytes.length);
        assertThat(packets).hasSize(1);
        return packets.get(0);
    }
}
