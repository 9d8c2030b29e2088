package io.omniline.telephony.calls;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.Database;
import io.omniline.db.Repositories;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.callback.CallbackRequest;
import io.omniline.db.callback.CallbackState;
import io.omniline.db.flow.FlowRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.testing.FreezingProxy;
import io.omniline.db.testing.TestDatabase;
import io.omniline.ivr.model.ExampleFlows;
import io.omniline.telephony.TelephonyAmi;
import io.omniline.telephony.agi.FastAgiServer;
import io.omniline.telephony.ami.AmiDecoder;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.capture.CapturedPacketBytes;
import io.omniline.telephony.flows.PublishedFlows;
import io.omniline.telephony.ivr.IvrAgiScript;
import io.omniline.telephony.ivr.IvrCallHandler;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.CallerAction;
import io.omniline.telephony.sim.QuickAmi;
import io.omniline.telephony.sim.ScriptedCalls;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A whole call: the caller goes through the IVR over FastAGI and is queued; then Asterisk's real
 * AMI event stream for that call (from the captures) comes in through the AMI supervisor, and
 * the interaction follows it: offered to the agent, answered, completed or abandoned.
 */
class CallJourneyTest {

    /** A database budget no loaded test machine exceeds: these tests are not about deadlines. */
    private static final IvrCallHandler.Settings PATIENT =
            new IvrCallHandler.Settings("support", 500, Duration.ofSeconds(10));

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Clock TUESDAY_10_NEW_YORK = Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC);
    private static long agentOne;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void flowsAgentsAndACustomer() {
        FlowRepository flows = db.repositories().flows();
        ExampleFlows.all()
                .forEach((name, json) ->
                        flows.publish(flows.create(name, "", json, "test").id(), "", "test"));
        flows.route("100", flows.findByName("main").orElseThrow().id(), "test");
        AgentRepository agents = db.repositories().agents();
        agentOne = agents.create("agent1", "Agent One", "Local/agent1@agents", Map.of(), Map.of("support", 0), "test")
                .id();
        agents.create("agent2", "Agent Two", "Local/agent2@agents", Map.of(), Map.of("support", 0), "test");
        agents.create("slow1", "Slow Agent", "Local/slow1@agents", Map.of(), Map.of("sales", 0), "test");
        db.repositories()
                .customers()
                .create(
                        "Alice Example",
                        Map.of("vip", true),
                        List.of(new IdentityNormalizer("US").phone("15551234567")));
    }

    @Test
    void answeredByAnAgentWhoHangsUp() throws Exception {
        Interaction call =
                throughIvrAndAmi("ami-04-call-ivr-queue-answered-agent-hangs-up.txt", InteractionState.wrap_up);

        assertThat(call.agentId()).isEqualTo(agentOne);
        assertThat(call.answeredAt()).isNotNull();
        assertThat(call.offeredAt()).isNotNull();
        assertThat(call.talkSeconds()).isNotNull();
        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("CallerQueued", "AgentRinging", "AgentConnected", "CallCompleted");
        assertThat(events).allSatisfy(event -> assertThat(event.interactionId()).isEqualTo(call.id()));
        assertThat(((CallEvent.AgentRinging) events.get(1)).agentId()).isEqualTo(agentOne);
        assertThat(((CallEvent.CallCompleted) events.get(3)).endedBy()).isEqualTo("agent");
    }

    @Test
    void aRingNoAnswerThenTheCallerAbandons() throws Exception {
        Interaction call =
                throughIvrAndAmi("ami-06-call-ivr-queue-ringnoanswer-then-abandon.txt", InteractionState.ended);

        assertThat(call.outcome()).isEqualTo(InteractionOutcome.abandoned_in_queue);
        assertThat(call.answeredAt()).isNull();
        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .last()
                .isEqualTo("CallerAbandoned");
        assertThat(((CallEvent.CallerAbandoned) events.get(events.size() - 1)).waitedSeconds())
                .isEqualTo(20);
    }

    @Test
    void theAmiConnectionCutMidCallIsRestoredAndTheCallStillEndsRight() throws Exception {
        List<byte[]> stream = packets("ami-05-call-ivr-queue-answered-caller-hangs-up.txt");
        String uniqueId = callerUniqueId(stream);
        ivrCall(uniqueId);
        int agentCalled = indexOf(stream, "AgentCalled");

        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"))) {
            int joined = beforeTheQueue(asterisk, stream);
            TelephonyAmi ami = telephony(asterisk);
            await(() -> ami.isConnected() && ami.status().complete());
            stream.subList(joined, agentCalled + 1).forEach(asterisk::emit);
            await(() -> interaction(uniqueId).state() == InteractionState.offered);

            asterisk.dropConnections();
            await(() ->
                    asterisk.logins() == 2 && ami.isConnected() && ami.status().complete());
            stream.subList(agentCalled + 1, stream.size()).forEach(asterisk::emit);
            await(() -> interaction(uniqueId).state() == InteractionState.wrap_up);
            ami.close();
        }

        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .endsWith("AgentConnected", "CallCompleted");
        assertThat(((CallEvent.CallCompleted) events.get(events.size() - 1)).endedBy())
                .isEqualTo("caller");
        assertThat(registry.get("omniline_ami_reconnects_total").counter().count())
                .isEqualTo(1);
    }

    /**
     * The database hangs, then goes down, while a call's AMI events come in; nothing is lost: the
     * call's work waits and is retried, and once the database is back the call ends as Asterisk
     * said, its events applied in order, nothing counted lost.
     */
    @Test
    void aCallsEventsWhileTheDatabaseIsHungThenDownAreAppliedInOrderWhenItIsBack() throws Exception {
        String hung = "1800000021.3";
        String down = "1800000022.4";
        ivrCall(hung);
        ivrCall(down);
        List<byte[]> first = ScriptedCalls.answered(hung, "support", "Local/agent2@agents", 21);
        List<byte[]> second = ScriptedCalls.abandoned(down, "support", "Local/slow1@agents", 22);
        int firstRinging = indexOf(first, "AgentCalled");
        int secondRinging = indexOf(second, "AgentCalled");

        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"));
                FreezingProxy proxy = FreezingProxy.in(db.settings());
                Database database = Database.connect(proxy.settings(db.settings()))) {
            int firstJoined = beforeTheQueue(asterisk, first);
            int secondJoined = beforeTheQueue(asterisk, second);
            try (TelephonyAmi ami = telephony(asterisk, Duration.ofMillis(100), database.repositories())) {
                await(() -> ami.isConnected() && ami.status().complete());
                first.subList(firstJoined, firstRinging + 1).forEach(asterisk::emit);
                second.subList(secondJoined, secondRinging + 1).forEach(asterisk::emit);
                await(() -> interaction(hung).state() == InteractionState.offered
                        && interaction(down).state() == InteractionState.offered);

                proxy.freeze();
                first.subList(firstRinging + 1, first.size()).forEach(asterisk::emit);
                Thread.sleep(500);
                assertThat(interaction(hung).state())
                        .as("nothing applied while the database hangs")
                        .isEqualTo(InteractionState.offered);
                proxy.thaw();
                await(() -> interaction(hung).state() == InteractionState.wrap_up);

                proxy.cut();
                second.subList(secondRinging + 1, second.size()).forEach(asterisk::emit);
                Thread.sleep(500);
                proxy.restore();
                await(() -> interaction(down).state() == InteractionState.ended);
            }
        }

        assertThat(interaction(hung).answeredAt()).isNotNull();
        assertThat(interaction(hung).talkSeconds()).isNotNull();
        assertThat(interaction(down).outcome()).isEqualTo(InteractionOutcome.abandoned_in_queue);
        assertThat(registry.get("omniline_ami_call_work_lost_total").counter().count())
                .isZero();
        assertThat(events)
                .filteredOn(e -> e.interactionId() == interaction(hung).id())
                .extracting(event -> event.getClass().getSimpleName())
                .endsWith("AgentConnected", "CallCompleted");
    }

    @Test
    void twoScriptedCallsInterleavedEachEndRight() throws Exception {
        String answered = "1800000001.7";
        String abandoned = "1800000002.9";
        ivrCall(answered);
        ivrCall(abandoned);
        List<byte[]> first = ScriptedCalls.answered(answered, "support", "Local/agent2@agents", 7);
        List<byte[]> second = ScriptedCalls.abandoned(abandoned, "support", "Local/slow1@agents", 9);

        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"))) {
            int firstJoined = beforeTheQueue(asterisk, first);
            int secondJoined = beforeTheQueue(asterisk, second);
            try (TelephonyAmi ami = telephony(asterisk)) {
                await(() -> ami.isConnected() && ami.status().complete());
                for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
                    if (firstJoined + i < first.size()) {
                        asterisk.emit(first.get(firstJoined + i));
                    }
                    if (secondJoined + i < second.size()) {
                        asterisk.emit(second.get(secondJoined + i));
                    }
                }
                await(() -> interaction(answered).state() == InteractionState.wrap_up
                        && interaction(abandoned).state() == InteractionState.ended);
            }
        }

        assertThat(interaction(answered).agentId()).isNotNull();
        assertThat(interaction(abandoned).outcome()).isEqualTo(InteractionOutcome.abandoned_in_queue);
    }

    /**
     * AMI is cut during two calls, and while it is down one caller hangs up after talking and the
     * other while waiting; nobody hears those events. After the reconnect both interactions are
     * closed by reconciliation against the channels Asterisk has, and say that nobody saw the end.
     */
    @Test
    void callsThatEndWhileAmiIsDownAreReconciledAfterTheReconnect() throws Exception {
        String answered = "1800000011.7";
        String waiting = "1800000012.9";
        ivrCall(answered);
        ivrCall(waiting);
        List<byte[]> first = ScriptedCalls.answered(answered, "support", "Local/agent2@agents", 11);
        List<byte[]> second = ScriptedCalls.abandoned(waiting, "support", "Local/slow1@agents", 12);
        int connected = indexOf(first, "AgentConnect");
        int ringing = indexOf(second, "AgentCalled");

        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"))) {
            int firstJoined = beforeTheQueue(asterisk, first);
            int secondJoined = beforeTheQueue(asterisk, second);
            try (TelephonyAmi ami = telephony(asterisk, Duration.ofSeconds(1))) {
                await(() -> ami.isConnected() && ami.status().complete());
                first.subList(firstJoined, connected + 1).forEach(asterisk::emit);
                second.subList(secondJoined, ringing + 1).forEach(asterisk::emit);
                await(() -> interaction(answered).state() == InteractionState.active
                        && interaction(waiting).state() == InteractionState.offered);

                asterisk.dropConnections();
                first.subList(connected + 1, first.size()).forEach(asterisk::emit);
                second.subList(ringing + 1, second.size()).forEach(asterisk::emit);
                await(() -> asterisk.logins() == 2 && ami.status().complete());
                await(() -> interaction(waiting).state() == InteractionState.ended
                        && interaction(answered).state() == InteractionState.wrap_up);
            }
        }

        assertThat(interaction(answered).talkSeconds())
                .as("Asterisk's TalkTime was never heard")
                .isNull();
        assertThat(interaction(waiting).outcome()).isEqualTo(InteractionOutcome.ended_unobserved);
        assertThat(events)
                .filteredOn(CallEvent.CallCompleted.class::isInstance)
                .singleElement()
                .satisfies(done ->
                        assertThat(((CallEvent.CallCompleted) done).endedBy()).isEqualTo("unobserved"));
        assertThat(registry.get("omniline_ami_calls_reconciled_total").counter().count())
                .isEqualTo(2);
    }

    /**
     * Queue() gives up with the caller still there (capture ami-16: QueueCallerAbandon, then
     * QUEUESTATUS=TIMEOUT): the dialplan resumes the flow at the queue node's onTimeout, where the
     * caller takes the callback offer. The interaction follows the caller back into the IVR and
     * ends as the resumed flow says, its path holding both visits; it is never called abandoned.
     */
    @Test
    void aQueueTimeoutResumesTheFlowAtOnTimeoutAndIsNotAnAbandon() throws Exception {
        String uniqueId = "1800000031.5";
        ivrCall(uniqueId);
        int pathBefore =
                db.repositories().ivrPaths().path(interaction(uniqueId).id()).size();
        List<byte[]> stream =
                CapturedPacketBytes.fromAsterisk("ami-16-queue-timeout-then-originate-callbacks.txt").stream()
                        .map(packet -> new String(packet, StandardCharsets.UTF_8)
                                .replace("1796050268.5", uniqueId)
                                .getBytes(StandardCharsets.UTF_8))
                        .toList();
        int timedOut = indexOf(stream, "VarSet", "QUEUESTATUS");

        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"))) {
            int joined = beforeTheQueue(asterisk, stream);
            try (TelephonyAmi ami = telephony(asterisk)) {
                await(() -> ami.isConnected() && ami.status().complete());
                stream.subList(joined, timedOut + 1).forEach(asterisk::emit);
                await(() -> interaction(uniqueId).state() == InteractionState.ivr);

                agiCall(
                        AgiEnvironment.call(uniqueId, "15551234567", "100", "ivr?flow=main&node=offer-callback"),
                        press("1"));
                stream.subList(timedOut + 1, stream.size()).forEach(asterisk::emit);
                assertThat(ami.awaitCallWork(Duration.ofSeconds(10))).isTrue();
            }
        }

        Interaction call = interaction(uniqueId);
        assertThat(call.outcome()).isEqualTo(InteractionOutcome.callback_requested);
        assertThat(call.metadata()).containsKey("queueTimeout");
        assertThat(db.repositories().ivrPaths().path(call.id()))
                .hasSizeGreaterThan(pathBefore)
                .last()
                .satisfies(step -> assertThat(step.nodeId()).isEqualTo("offer-callback"));
        assertThat(events)
                .noneMatch(CallEvent.CallerAbandoned.class::isInstance)
                .anyMatch(CallEvent.QueueTimedOut.class::isInstance);
        CallbackRequest filed = callbackOf(call);
        assertThat(filed.number()).as("the caller ID, in E.164").isEqualTo("+15551234567");
        assertThat(filed.queue()).isEqualTo("callback");
        assertThat(filed.state()).isEqualTo(CallbackState.waiting);
        assertThat(filed.attempts()).isZero();
        assertThat(filed.maxAttempts()).isEqualTo(IvrCallHandler.Settings.DEFAULT_CALLBACK_ATTEMPTS);
    }

    /**
     * A caller ID is whatever the network (or the caller) put there: one that is no phone number
     * gets no promise of a call that could never be placed; the caller waits in the callback's
     * queue instead, and nothing is filed.
     */
    @Test
    void aCallerIdThatIsNoPhoneNumberGetsNoCallbackButWaitsInTheQueue() throws Exception {
        List<String> hostileIds = List.of("anonymous", "1555\"; DROP TABLE x", "+0000");
        for (int i = 0; i < hostileIds.size(); i++) {
            String hostile = hostileIds.get(i);
            String uniqueId = "1800000050." + i;
            AsteriskAgiCall call = agiCall(
                    AgiEnvironment.call(uniqueId, hostile, "100", "ivr?flow=main&node=offer-callback"), press("1"));

            assertThat(call.variables())
                    .as(hostile)
                    .containsEntry("OMNILINE_ACTION", "queue")
                    .containsEntry("OMNILINE_QUEUE", "callback")
                    .doesNotContainKey("OMNILINE_CALLBACK_NUMBER");
            Interaction waiting = interaction(uniqueId);
            assertThat(waiting.state()).isEqualTo(InteractionState.queued);
            assertThat(db.repositories().callbacks().list(null, 100))
                    .noneMatch(request -> request.interactionId() == waiting.id());
        }
    }

    private static CallbackRequest callbackOf(Interaction call) {
        return db.repositories().callbacks().list(null, 100).stream()
                .filter(request -> request.interactionId() == call.id())
                .findFirst()
                .orElseThrow();
    }

    /**
     * Capture ami-15: the caller leaves a message and hangs up, so the dialplan never runs again;
     * AMI shows VM_MESSAGEFILE, then VMSTATUS=SUCCESS on the caller's channel. Only now is the call
     * a voicemail, with the message's place in the spool kept for the desktop to play.
     */
    @Test
    void aMessageLeftInVoicemailMakesTheCallAVoicemailWithItsMessage() throws Exception {
        String uniqueId = "1800000041.3";
        Interaction call = throughVoicemail(uniqueId, voicemailStream(uniqueId));

        assertThat(call.state()).isEqualTo(InteractionState.ended);
        assertThat(call.outcome()).isEqualTo(InteractionOutcome.voicemail);
        assertThat(call.metadata())
                .containsEntry(
                        "voicemail",
                        Map.of(
                                "mailbox",
                                "support@default",
                                "status",
                                "left",
                                "message",
                                "default/support/INBOX/msg0000"));
    }

    /**
     * The same call without the VM_MESSAGEFILE (a caller who hung up before the beep, or spoke too
     * briefly to keep): VMSTATUS is still SUCCESS, but no message was left, so it is no voicemail.
     */
    @Test
    void voicemailWithoutAMessageIsACallerWhoLeftTheIvr() throws Exception {
        String uniqueId = "1800000042.3";
        List<byte[]> stream = voicemailStream(uniqueId).stream()
                .filter(packet -> !new String(packet, StandardCharsets.UTF_8).contains("Variable: VM_MESSAGEFILE"))
                .toList();
        Interaction call = throughVoicemail(uniqueId, stream);

        assertThat(call.outcome()).isEqualTo(InteractionOutcome.abandoned_in_ivr);
        assertThat(call.metadata())
                .containsEntry("voicemail", Map.of("mailbox", "support@default", "status", "no_message"));
    }

    private static List<byte[]> voicemailStream(String uniqueId) {
        return CapturedPacketBytes.fromAsterisk("ami-15-voicemail-message-left-messagewaiting.txt").stream()
                .map(packet -> new String(packet, StandardCharsets.UTF_8)
                        .replace("1796050303.17", uniqueId)
                        .getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    private Interaction throughVoicemail(String uniqueId, List<byte[]> stream) throws Exception {
        agiCall(AgiEnvironment.call(uniqueId, "15551234567", "100", "ivr?flow=after-hours"));
        assertThat(interaction(uniqueId).metadata())
                .containsEntry("voicemail", Map.of("mailbox", "support@default", "status", "started"));
        int voiceMail = indexOf(stream, "Newexten", "Application: VoiceMail");
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"))) {
            stream.subList(0, voiceMail).forEach(asterisk::emit);
            TelephonyAmi ami = telephony(asterisk);
            await(() -> ami.isConnected() && ami.status().complete());
            stream.subList(voiceMail, stream.size()).forEach(asterisk::emit);
            await(() -> interaction(uniqueId).state() == InteractionState.ended);
            ami.close();
        }
        return interaction(uniqueId);
    }

    /**
     * The captured call's caller goes through the IVR, then its whole AMI stream comes in. The
     * events before the caller joins the queue went by before Omniline logged in (so the
     * simulated Asterisk has the caller's channel, as the real one would).
     */
    private Interaction throughIvrAndAmi(String capture, InteractionState endState) throws Exception {
        List<byte[]> stream = packets(capture);
        String uniqueId = callerUniqueId(stream);
        int joined = indexOf(stream, "QueueCallerJoin");
        ivrCall(uniqueId);
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"))) {
            beforeTheQueue(asterisk, stream);
            try (TelephonyAmi ami = telephony(asterisk)) {
                await(() -> ami.isConnected() && ami.status().complete());
                stream.subList(joined, stream.size()).forEach(asterisk::emit);
                await(() -> interaction(uniqueId).state() == endState);
            }
        }
        return interaction(uniqueId);
    }

    /**
     * The call's events up to its joining the queue, sent before Omniline logs in: the caller's
     * channel exists in the simulated Asterisk, as it would in a real one, when Omniline reconciles.
     */
    private static int beforeTheQueue(AmiSimulator asterisk, List<byte[]> stream) {
        int joined = indexOf(stream, "QueueCallerJoin");
        stream.subList(0, joined).forEach(asterisk::emit);
        return joined;
    }

    private void ivrCall(String uniqueId) throws Exception {
        agiCall(AgiEnvironment.call(uniqueId, "15551234567", "100", "ivr"), press("1"));
        assertThat(interaction(uniqueId).state()).isEqualTo(InteractionState.queued);
    }

    /** One FastAGI session of Omniline's IVR, Asterisk's side played by the simulator. */
    private AsteriskAgiCall agiCall(AgiEnvironment environment, CallerAction... caller) throws Exception {
        IvrAgiScript script = new IvrAgiScript(IvrCallHandler.overDatabase(
                db.repositories(),
                new PublishedFlows(db.repositories().flows()),
                new IdentityNormalizer("US"),
                PATIENT,
                queue -> java.util.Optional.empty(),
                TUESDAY_10_NEW_YORK,
                registry));
        try (FastAgiServer server = FastAgiServer.start(
                InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(10), (request, channel) -> script, registry)) {
            AsteriskAgiCall call = AsteriskAgiCall.of(environment, caller);
            call.run(server.port());
            return call;
        }
    }

    private TelephonyAmi telephony(AmiSimulator asterisk) {
        return telephony(asterisk, Duration.ofMillis(100));
    }

    private TelephonyAmi telephony(AmiSimulator asterisk, Duration minBackoff) {
        return telephony(asterisk, minBackoff, db.repositories());
    }

    private TelephonyAmi telephony(AmiSimulator asterisk, Duration minBackoff, Repositories repositories) {
        return TelephonyAmi.start(
                QuickAmi.settings(asterisk, minBackoff),
                repositories.interactions(),
                repositories.agents(),
                repositories.agentStateLog(),
                events::add,
                Clock.systemUTC(),
                registry);
    }

    private static Interaction interaction(String uniqueId) {
        return db.repositories()
                .interactions()
                .findByExternalId(Channel.voice, uniqueId)
                .orElseThrow();
    }

    /** Asterisk's packets of a capture, raw, banner left out (the simulator sends its own). */
    private static List<byte[]> packets(String capture) {
        return CapturedPacketBytes.fromAsterisk(capture);
    }

    private static String callerUniqueId(List<byte[]> stream) {
        return decoded(stream).stream()
                .filter(packet ->
                        packet.get("Event").filter("QueueCallerJoin"::equals).isPresent())
                .findFirst()
                .flatMap(packet -> packet.get("Uniqueid"))
                .orElseThrow();
    }

    /** The first packet of this event that also holds {@code text}. */
    private static int indexOf(List<byte[]> stream, String event, String text) {
        List<AmiPacket> packets = decoded(stream);
        for (int i = 0; i < packets.size(); i++) {
            if (packets.get(i).get("Event").filter(event::equals).isPresent()
                    && new String(stream.get(i), StandardCharsets.UTF_8).contains(text)) {
                return i;
            }
        }
        throw new AssertionError(event + " with " + text + " not in the capture");
    }

    private static int indexOf(List<byte[]> stream, String event) {
        List<AmiPacket> packets = decoded(stream);
        for (int i = 0; i < packets.size(); i++) {
            if (packets.get(i).get("Event").filter(event::equals).isPresent()) {
                return i;
            }
        }
        throw new AssertionError(event + " not in the capture");
    }

    private static List<AmiPacket> decoded(List<byte[]> stream) {
        List<AmiPacket> packets = new ArrayList<>();
        AmiDecoder decoder = new AmiDecoder(false, banner -> {}, packets::add);
        stream.forEach(bytes -> decoder.feed(bytes, 0, bytes.length));
        return packets;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 150 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("reached within 15 s").isTrue();
    }
}
