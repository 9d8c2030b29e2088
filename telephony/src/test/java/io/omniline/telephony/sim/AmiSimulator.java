package io.omniline.telephony.sim;

import io.omniline.telephony.ami.AmiDecoder;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.QueueMemberState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asterisk's side of AMI, as Asterisk 22 answers in the captures: the banner, Challenge and
 * Login (plain and MD5; a refused login is answered about a second later and the connection
 * closed), Ping, Logoff, an error for unknown actions, the list actions QueueStatus and
 * CoreShowChannels (from the queues it is given and the channels its own events created),
 * Reload, Setvar, async Originate with its OriginateResponse, queue membership actions, and
 * events pushed to every logged-in connection. It can restart as {@code core restart now}
 * does: Shutdown, close, refused connections, then logins accepted before FullyBooted, when
 * QueueStatus is still an unknown command (facts 45–49).
 */
public final class AmiSimulator implements AutoCloseable {

    static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";
    private static final DateTimeFormatter EVENT_TV =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final Pattern CALLER_ID = Pattern.compile("\"?([^\"<]*)\"?\\s*<([^>]*)>");

    /** How an Originate ends (fact 66–68). */
    public sealed interface OriginateOutcome {
        /** Reason 4: the destination answered, as channel {@code channel} with {@code uniqueId}. */
        record Answered(String channel, String uniqueId) implements OriginateOutcome {}

        /** Reason 0 no such extension, 3 no answer within Timeout, 5 busy. */
        record Failed(int reason) implements OriginateOutcome {}
    }

    private record SimQueue(String name, String strategy, Map<String, QueueMemberState> members) {}

    private volatile ServerSocket server;
    private final int port;
    private final Map<String, String> users;
    private final Clock clock;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger loginAttempts = new AtomicInteger();
    private final AtomicLong sessionIds = new AtomicLong(0x7fcd58000ee0L);
    private final AtomicInteger originated = new AtomicInteger();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<AmiPacket> actions = new CopyOnWriteArrayList<>();
    private final Set<String> channelNames = ConcurrentHashMap.newKeySet();
    private final Map<String, SimQueue> queues = new LinkedHashMap<>();
    private final Map<String, OriginateOutcome> originateOutcomes = new ConcurrentHashMap<>();
    private final Map<String, String> globals = new LinkedHashMap<>();
    private final Map<String, int[]> mailboxes = new LinkedHashMap<>();
    private final Set<String> modules = ConcurrentHashMap.newKeySet();
    private final SimulatedChannels channels;
    private volatile boolean followChannels = true;
    private volatile boolean booted = true;
    private volatile long uptime = 12;
    private volatile long lastReload = 12;

    public AmiSimulator(Map<String, String> users) throws IOException {
        this(users, Clock.systemUTC());
    }

    public AmiSimulator(Map<String, String> users, Clock clock) throws IOException {
        this.users = Map.copyOf(users);
        this.clock = clock;
        this.channels = new SimulatedChannels(clock);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        modules.addAll(List.of("app_queue.so", "app_voicemail.so", "pbx_config.so", "chan_pjsip.so", "res_agi.so"));
        startAccepting(server);
    }

    public int port() {
        return port;
    }

    /** Successful logins so far, counting reconnects. */
    public int logins() {
        return logins.get();
    }

    /** Login actions received, refused ones included. */
    public int loginAttempts() {
        return loginAttempts.get();
    }

    /** The names of the actions clients sent. */
    public Set<String> actionsReceived() {
        return received;
    }

    /** How many actions of this name clients sent. */
    public int received(String action) {
        return counts.getOrDefault(action.toLowerCase(), new AtomicInteger()).get();
    }

    /** Every action received after login, as sent. */
    public List<AmiPacket> actions() {
        return actions;
    }

    /** A channel that exists now, for actions that name one (Hangup, Redirect, MixMonitor...). */
    public void addChannel(String name) {
        channelNames.add(name);
    }

    /** A queue as queues.conf defines it, with its static members, for QueueStatus. */
    public synchronized void addQueue(String name, String strategy, QueueMemberState... members) {
        Map<String, QueueMemberState> byInterface = new LinkedHashMap<>();
        for (QueueMemberState member : members) {
            byInterface.put(member.memberInterface(), member);
        }
        queues.put(name, new SimQueue(name, strategy, byInterface));
    }

    /** A global variable of the dialplan ([globals]), reported again at each core reload. */
    public synchronized void addGlobal(String name, String value) {
        globals.put(name, value);
    }

    /** A voicemail box and its message counts, reported at boot and at core reload. */
    public synchronized void addMailbox(String mailbox, int newMessages, int oldMessages) {
        mailboxes.put(mailbox, new int[] {newMessages, oldMessages});
    }

    /** What FullyBooted at login says (seconds since start and since the last reload). */
    public void uptime(long uptimeSeconds, long lastReloadSeconds) {
        this.uptime = uptimeSeconds;
        this.lastReload = lastReloadSeconds;
    }

    /** How Originates to {@code channel} end; unset ones are answered. */
    public void onOriginate(String channel, OriginateOutcome outcome) {
        originateOutcomes.put(channel, outcome);
    }

    /** Whether CoreShowChannels follows the channels in emitted events (the benchmark turns it off: it costs a decode). */
    public void followChannels(boolean follow) {
        this.followChannels = follow;
    }

    /** Sends raw AMI bytes (whole packets) to every logged-in connection. */
    public void emit(byte[] packets) {
        if (followChannels) {
            channels.sent(packets);
        }
        for (Session session : sessions) {
            if (session.loggedIn) {
                session.write(packets);
            }
        }
    }

    /** Sends events, written as Asterisk writes them. */
    public void emit(AmiEvent... events) {
        for (AmiEvent event : events) {
            emit(AmiEventWriter.bytes(event));
        }
    }

    /** Cuts every connection, as a broken network would. */
    public void dropConnections() {
        for (Session session : sessions) {
            session.close();
        }
        sessions.clear();
    }

    /**
     * {@code core restart now}: Shutdown to every session, the connections closed 50 ms later,
     * connections refused for {@code refusedFor}, then accepted again while Asterisk is still
     * booting, until {@link #finishBoot()}.
     */
    public void restart(Duration refusedFor) throws IOException, InterruptedException {
        shutDown();
        Thread.sleep(refusedFor.toMillis());
        startBooting();
    }

    /** The first half of a restart: Shutdown to every session, then nothing listens (fact 45). */
    public void shutDown() throws IOException, InterruptedException {
        emit(new AmiEvent.Shutdown("Cleanly", true));
        Thread.sleep(50);
        server.close();
        dropConnections();
        synchronized (this) {
            booted = false;
            uptime = 0;
            lastReload = 0;
        }
    }

    /** The second half: connections are accepted again, before the boot is finished (fact 46). */
    public void startBooting() throws IOException {
        ServerSocket again = new ServerSocket();
        again.setReuseAddress(true);
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server = again;
        startAccepting(again);
    }

    /** The boot ends: app_voicemail reports its boxes, and every session gets FullyBooted in the boot order (fact 48). */
    public void finishBoot() {
        StringBuilder packets = new StringBuilder();
        synchronized (this) {
            booted = true;
            mailboxes.forEach((mailbox, counts) -> packets.append(
                    AmiEventWriter.write(new AmiEvent.MessageWaiting(null, mailbox, 0, counts[0], counts[1]))));
        }
        packets.append(AmiEventWriter.fullyBootedAtBoot());
        emit(packets.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The boot ends without this telling the sessions (as when FullyBooted went by before a
     * client's resync failed): only asking again finds out.
     */
    public void finishBootQuietly() {
        booted = true;
    }

    /** CLI {@code module reload <module>} (fact 51). */
    public void cliReload(String module) {
        emit(new AmiEvent.Reload(module, modules.contains(module) ? 0 : 2));
    }

    /** CLI {@code core reload}: a VarSet per global, the mailboxes, then one Reload of All (fact 52). */
    public void coreReload() {
        List<AmiEvent> events = new ArrayList<>();
        synchronized (this) {
            globals.forEach((name, value) -> events.add(new AmiEvent.VarSet(null, name, value)));
            mailboxes.forEach((mailbox, counts) -> events.add(
                    new AmiEvent.MessageWaiting(null, mailbox, counts[0] > 0 ? 1 : 0, counts[0], counts[1])));
        }
        events.add(new AmiEvent.Reload("All", 0));
        emit(events.toArray(AmiEvent[]::new));
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }

    private void startAccepting(ServerSocket listening) {
        Thread.ofVirtual().name("ami-simulator").start(() -> {
            while (!listening.isClosed()) {
                try {
                    Session session = new Session(listening.accept());
                    sessions.add(session);
                    Thread.ofVirtual().name("ami-simulator-session").start(session::serve);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private final class Session {

        private final Socket socket;
        private final OutputStream out;
        private final String sessionId = "0x" + Long.toHexString(sessionIds.getAndAdd(0x20));
        private final String sessionTv;
        private volatile boolean loggedIn;
        private String user = "";
        private String challenge;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.sessionTv = EVENT_TV.format(clock.instant());
        }

        void serve() {
            write(BANNER.getBytes(StandardCharsets.US_ASCII));
            AmiDecoder decoder = new AmiDecoder(false, banner -> {}, this::answer);
            byte[] buffer = new byte[8192];
            try (InputStream in = socket.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    decoder.feed(buffer, 0, read);
                }
            } catch (IOException e) {
                close();
            }
        }

        private void answer(AmiPacket action) {
            String name = action.get("Action").orElse("");
            received.add(name);
            counts.computeIfAbsent(name.toLowerCase(), key -> new AtomicInteger())
                    .incrementAndGet();
            String id = action.get("ActionID")
                    .map(value -> "ActionID: " + value + "\r\n")
                    .orElse("");
            switch (name.toLowerCase()) {
                case "challenge" -> {
                    challenge = String.valueOf(System.nanoTime() % 1_000_000_000L);
                    reply("Response: Success\r\n" + id + "Challenge: " + challenge + "\r\n\r\n");
                }
                case "login" -> login(action, id);
                case "ping" -> {
                    Instant now = clock.instant();
                    reply("Response: Success\r\n" + id + "Ping: Pong\r\nTimestamp: " + now.getEpochSecond() + "."
                            + String.format("%06d", now.getNano() / 1000) + "\r\n\r\n");
                }
                case "logoff" -> {
                    reply("Response: Goodbye\r\n" + id + "Message: Thanks for all the fish.\r\n\r\n");
                    close();
                }
                case "queuestatus" -> queueStatus(action, id);
                case "coreshowchannels" -> coreShowChannels(id);
                case "reload" -> reload(action, id);
                case "setvar" -> setvar(action, id);
                case "queueadd" -> queueAdd(action, id);
                case "queueremove" -> queueRemove(action, id);
                case "queuepause" -> queuePause(action, id);
                case "originate" -> originate(action, id);
                case "hangup", "redirect", "atxfer", "mixmonitor", "stopmixmonitor" -> {
                    String channel = action.get("Channel").orElse("");
                    if (channelNames.contains(channel) || channels.has(channel)) {
                        success(action, id, name + " done");
                    } else {
                        error(action, id, "No such channel");
                    }
                }
                default -> unknown(name, id);
            }
        }

        /** A dynamic member, announced by QueueMemberAdded after the answer (ami-03). */
        private void queueAdd(AmiPacket action, String id) {
            String queueName = action.get("Queue").orElse("");
            String iface = action.get("Interface").orElse("");
            QueueMemberState added = new QueueMemberState(
                    queueName,
                    action.get("MemberName").orElse(iface),
                    iface,
                    action.get("StateInterface").orElse(iface),
                    "dynamic",
                    Integer.parseInt(action.get("Penalty").orElse("0")),
                    0,
                    0,
                    0,
                    clock.instant().getEpochSecond(),
                    false,
                    1,
                    false,
                    "",
                    false,
                    0);
            synchronized (AmiSimulator.this) {
                queues.computeIfAbsent(queueName, queue -> new SimQueue(queue, "ringall", new LinkedHashMap<>()))
                        .members()
                        .put(iface, added);
                success(action, id, "Added interface to queue");
                emit(new AmiEvent.QueueMemberAdded(added));
            }
        }

        /** The member leaves; QueueMemberRemoved carries its last state (ami-03). */
        private void queueRemove(AmiPacket action, String id) {
            synchronized (AmiSimulator.this) {
                SimQueue queue = queues.get(action.get("Queue").orElse(""));
                QueueMemberState removed = queue == null
                        ? null
                        : queue.members().remove(action.get("Interface").orElse(""));
                if (removed == null) {
                    error(action, id, "Unable to remove interface: Not there");
                    return;
                }
                success(action, id, "Removed interface from queue");
                emit(new AmiEvent.QueueMemberRemoved(removed));
            }
        }

        /**
         * Pauses or unpauses the member in the named queue, or in every queue it is in when none is
         * named; each queue answers with a DeviceStateChange of its pause device and a
         * QueueMemberPause (ami-03). LastPause is the time of the last pause, kept at unpause.
         */
        private void queuePause(AmiPacket action, String id) {
            boolean pause = "true".equalsIgnoreCase(action.get("Paused").orElse(""));
            String iface = action.get("Interface").orElse("");
            String only = action.get("Queue").orElse(null);
            synchronized (AmiSimulator.this) {
                success(action, id, pause ? "Interface paused successfully" : "Interface unpaused successfully");
                for (SimQueue queue : queues.values()) {
                    QueueMemberState member = queue.members().get(iface);
                    if (member == null || (only != null && !only.equals(queue.name()))) {
                        continue;
                    }
                    QueueMemberState now = new QueueMemberState(
                            member.queue(),
                            member.memberName(),
                            member.memberInterface(),
                            member.stateInterface(),
                            member.membership(),
                            member.penalty(),
                            member.callsTaken(),
                            member.lastCall(),
                            pause ? clock.instant().getEpochSecond() : member.lastPause(),
                            member.loginTime(),
                            member.inCall(),
                            member.status(),
                            pause,
                            pause ? action.get("Reason").orElse("") : "",
                            member.ringInUse(),
                            member.wrapUpSeconds());
                    queue.members().put(iface, now);
                    emit(("Event: DeviceStateChange\r\nPrivilege: call,all\r\nDevice: Queue:" + queue.name() + "_pause_"
                                    + iface + "\r\nState: " + (pause ? "INUSE" : "NOT_INUSE") + "\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    emit(new AmiEvent.QueueMemberPause(now));
                }
            }
        }

        private void unknown(String name, String id) {
            reply("Response: Error\r\n" + id + "Message: Invalid/unknown command: " + name
                    + ". Use Action: ListCommands to show available commands.\r\n\r\n");
            reply("Event: RequestBadFormat\r\nPrivilege: security,all\r\nEventTV: " + EVENT_TV.format(clock.instant())
                    + "\r\nSeverity: Error\r\nService: AMI\r\nEventVersion: 1\r\nSessionID: " + sessionId
                    + "\r\nLocalAddress: " + address(socket.getLocalPort()) + "\r\nRemoteAddress: "
                    + address(socket.getPort())
                    + "\r\nRequestType: Action: " + name + "\r\nSessionTV: " + sessionTv + "\r\nAccountID: " + user
                    + "\r\n\r\n");
        }

        /** Before FullyBooted app_queue has not registered QueueStatus yet (fact 47). */
        private void queueStatus(AmiPacket action, String id) {
            if (!booted) {
                unknown(action.get("Action").orElse(""), id);
                return;
            }
            String actionId = action.get("ActionID").orElse("");
            StringBuilder list = new StringBuilder(
                    "Response: Success\r\n" + id + "EventList: start\r\nMessage: Queue status will follow\r\n\r\n");
            int items = 0;
            synchronized (AmiSimulator.this) {
                for (SimQueue queue : queues.values()) {
                    List<SimulatedChannels.Waiting> waiting = channels.waiting(queue.name());
                    list.append(AmiEventWriter.write(new AmiEvent.QueueParams(
                            queue.name(),
                            0,
                            queue.strategy(),
                            waiting.size(),
                            0,
                            0,
                            0,
                            0,
                            0,
                            "0.0",
                            "0.0",
                            0,
                            actionId)));
                    items++;
                    for (QueueMemberState member : queue.members().values()) {
                        list.append(AmiEventWriter.write(new AmiEvent.QueueMember(member, actionId)));
                        items++;
                    }
                    int position = 1;
                    for (SimulatedChannels.Waiting caller : waiting) {
                        list.append(AmiEventWriter.write(new AmiEvent.QueueEntry(
                                queue.name(),
                                position++,
                                caller.caller().channel(),
                                caller.caller().uniqueId(),
                                caller.caller().callerIdNum(),
                                (int) Duration.between(caller.joined(), clock.instant())
                                        .toSeconds(),
                                actionId)));
                        items++;
                    }
                }
            }
            list.append(AmiEventWriter.write(new AmiEvent.ListComplete("QueueStatusComplete", actionId, items)));
            reply(list.toString());
        }

        private void coreShowChannels(String id) {
            StringBuilder list = new StringBuilder(
                    "Response: Success\r\n" + id + "EventList: start\r\nMessage: Channels will follow\r\n\r\n");
            String actionId = id.isEmpty() ? "" : id.substring("ActionID: ".length(), id.length() - 2);
            List<SimulatedChannels.Channel> now = channels.channels();
            for (SimulatedChannels.Channel channel : now) {
                list.append(AmiEventWriter.write(new AmiEvent.CoreShowChannel(
                        actionId,
                        channel.block(),
                        channel.application(),
                        channel.applicationData(),
                        channels.duration(channel),
                        channel.bridgeId())));
            }
            list.append(
                    AmiEventWriter.write(new AmiEvent.ListComplete("CoreShowChannelsComplete", actionId, now.size())));
            reply(list.toString());
        }

        /** The response comes first, then the Reload event, also for a module that does not exist (facts 51, 53). */
        private void reload(AmiPacket action, String id) {
            actions.add(action);
            String module = action.get("Module").orElse("");
            if (module.isEmpty()) {
                reply("Response: Success\r\n" + id + "Message: Module Reloaded\r\n\r\n");
                coreReload();
                return;
            }
            boolean known = modules.contains(module);
            reply(
                    known
                            ? "Response: Success\r\n" + id + "Message: Module Reloaded\r\n\r\n"
                            : "Response: Error\r\n" + id + "Message: No such module\r\n\r\n");
            emit(new AmiEvent.Reload(module, known ? 0 : 2));
        }

        /** A global (no Channel) also shows as a VarSet with {@code Channel: none} (fact 54). */
        private void setvar(AmiPacket action, String id) {
            actions.add(action);
            String variable = action.get("Variable").orElse("");
            String value = action.get("Value").orElse("");
            reply("Response: Success\r\n" + id + "Message: Variable Set\r\n\r\n");
            if (action.get("Channel").isEmpty()) {
                synchronized (AmiSimulator.this) {
                    globals.put(variable, value);
                }
                emit(new AmiEvent.VarSet(null, variable, value));
            }
        }

        /** Queued at once; the outcome comes as OriginateResponse with the same ActionID (facts 66–68). */
        private void originate(AmiPacket action, String id) {
            String channel = action.get("Channel").orElse("");
            if (channel.isEmpty()) {
                error(action, id, "Channel not specified");
                return;
            }
            success(action, id, "Originate successfully queued");
            String actionId = action.get("ActionID").orElse("");
            Matcher callerId = CALLER_ID.matcher(action.get("CallerID").orElse(""));
            String number = callerId.find() ? callerId.group(2) : "";
            String callerName = callerId.groupCount() >= 1 && number.length() > 0
                    ? callerId.group(1).strip()
                    : "";
            String context = action.get("Context").orElse("");
            String exten = action.get("Exten").orElse("");
            OriginateOutcome outcome = originateOutcomes.getOrDefault(
                    channel,
                    new OriginateOutcome.Answered(
                            channel + String.format("-%08x;1", originated.getAndIncrement()),
                            clock.instant().getEpochSecond() + "." + (1000 + originated.get())));
            AmiEvent response = switch (outcome) {
                case OriginateOutcome.Answered answered ->
                    new AmiEvent.OriginateResponse(
                            actionId,
                            true,
                            answered.channel(),
                            context,
                            exten,
                            4,
                            answered.uniqueId(),
                            number,
                            callerName);
                case OriginateOutcome.Failed failed ->
                    new AmiEvent.OriginateResponse(
                            actionId, false, channel, context, exten, failed.reason(), null, number, callerName);
            };
            emit(response);
        }

        private void success(AmiPacket action, String id, String message) {
            actions.add(action);
            reply("Response: Success\r\n" + id + "Message: " + message + "\r\n\r\n");
        }

        private void error(AmiPacket action, String id, String message) {
            actions.add(action);
            reply("Response: Error\r\n" + id + "Message: " + message + "\r\n\r\n");
        }

        /** Before FullyBooted a login gets SuccessfulAuth only (fact 46). */
        private void login(AmiPacket action, String id) {
            loginAttempts.incrementAndGet();
            String name = action.get("Username").orElse("");
            String secret = users.get(name);
            boolean md5 = "md5".equalsIgnoreCase(action.get("AuthType").orElse(""));
            boolean accepted = secret != null
                    && (md5
                            ? action.get("Key").orElse("").equals(md5(challenge + secret))
                            : action.get("Secret").orElse("").equals(secret));
            if (!accepted) {
                sleep(1_000);
                reply("Response: Error\r\n" + id + "Message: Authentication failed\r\n\r\n");
                close();
                return;
            }
            user = name;
            StringBuilder packets =
                    new StringBuilder("Response: Success\r\n" + id + "Message: Authentication accepted\r\n\r\n");
            if (!"off".equalsIgnoreCase(action.get("Events").orElse("on"))) {
                if (booted) {
                    packets.append(AmiEventWriter.write(new AmiEvent.FullyBooted("Fully Booted", uptime, lastReload)));
                }
                packets.append("Event: SuccessfulAuth\r\nPrivilege: security,all\r\nEventTV: ")
                        .append(EVENT_TV.format(clock.instant()))
                        .append("\r\nSeverity: Informational\r\nService: AMI\r\n")
                        .append("EventVersion: 1\r\nAccountID: ")
                        .append(name)
                        .append("\r\nSessionID: ")
                        .append(sessionId)
                        .append("\r\nLocalAddress: ")
                        .append(address(socket.getLocalPort()))
                        .append("\r\nRemoteAddress: ")
                        .append(address(socket.getPort()))
                        .append("\r\nUsingPassword: 0\r\nSessionTV: ")
                        .append(sessionTv)
                        .append("\r\n\r\n");
            }
            // Logged in before the answer leaves, and under the write lock: an event emitted once
            // the client has its answer is never dropped, and none overtakes the answer.
            synchronized (this) {
                loggedIn = true;
                reply(packets.toString());
            }
            logins.incrementAndGet();
        }

        private static String address(int port) {
            return "IPV4/TCP/127.0.0.1/" + port;
        }

        private void reply(String packet) {
            write(packet.getBytes(StandardCharsets.UTF_8));
        }

        synchronized void write(byte[] bytes) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                close();
            }
        }

        void close() {
            loggedIn = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // The simulated Asterisk is going away either way.
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
