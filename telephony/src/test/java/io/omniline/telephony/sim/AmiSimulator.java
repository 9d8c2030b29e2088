package io.omniline.telephony.sim;

import io.omniline.telephony.ami.AmiDecoder;
import io.omniline.telephony.ami.AmiPacket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asterisk's side of AMI, as Asterisk 22 answers in the captures: the banner, Challenge and
 * Login (plain and MD5; a refused login is answered about a second later and the connection
 * closed), Ping, Logoff, an error for unknown actions, and events pushed to every logged-in
 * connection. Connections can be cut to test reconnecting.
 */
public final class AmiSimulator implements AutoCloseable {

    static final String BANNER = "Asterisk Call Manager/11.0.0\r\n";

    private final ServerSocket server;
    private final Map<String, String> users;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger loginAttempts = new AtomicInteger();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final List<AmiPacket> actions = new CopyOnWriteArrayList<>();
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Set<String> members = ConcurrentHashMap.newKeySet();

    public AmiSimulator(Map<String, String> users) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.users = Map.copyOf(users);
        Thread.ofVirtual().name("ami-simulator").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
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

    /** Every action received after login, as sent. */
    public List<AmiPacket> actions() {
        return actions;
    }

    /** A channel that exists now, for actions that name one (Hangup, Redirect, MixMonitor...). */
    public void addChannel(String name) {
        channels.add(name);
    }

    /** Sends raw AMI bytes (whole packets) to every logged-in connection. */
    public void emit(byte[] packets) {
        for (Session session : sessions) {
            if (session.loggedIn) {
                session.write(packets);
            }
        }
    }

    /** Cuts every connection, as a restarting Asterisk or a broken network would. */
    public void dropConnections() {
        for (Session session : sessions) {
            session.close();
        }
        sessions.clear();
    }

    @Override
    public void close() throws IOException {
        dropConnections();
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Session session = new Session(server.accept());
                sessions.add(session);
                Thread.ofVirtual().name("ami-simulator-session").start(session::serve);
            } catch (IOException e) {
                return;
            }
        }
    }

    private final class Session {

        private final Socket socket;
        private final OutputStream out;
        private volatile boolean loggedIn;
        private String challenge;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void serve() {
            write(BANNER.getBytes(StandardCharsets.US_ASCII));
            AmiDecoder decoder = new AmiDecoder(false, banner -> { }, this::answer);
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
            String id = action.get("ActionID").map(value -> "ActionID: " + value + "\r\n").orElse("");
            switch (name.toLowerCase()) {
                case "challenge" -> {
                    challenge = String.valueOf(System.nanoTime() % 1_000_000_000L);
                    reply("Response: Success\r\n" + id + "Challenge: " + challenge + "\r\n\r\n");
                }
                case "login" -> login(action, id);
                case "ping" -> reply("Response: Success\r\n" + id + "Ping: Pong\r\nTimestamp: "
                        + System.currentTimeMillis() / 1000 + ".000000\r\n\r\n");
                case "logoff" -> {
                    reply("Response: Goodbye\r\n" + id + "Message: Thanks for all the fish.\r\n\r\n");
                    close();
                }
                case "queueadd" -> {
                    members.add(action.get("Queue").orElse("") + "/" + action.get("Interface").orElse(""));
                    success(action, id, "Added interface to queue");
                }
                case "queueremove" -> {
                    if (members.remove(action.get("Queue").orElse("") + "/" + action.get("Interface").orElse(""))) {
                        success(action, id, "Removed interface from queue");
                    } else {
                        error(action, id, "Unable to remove interface: Not there");
                    }
                }
                case "queuepause" -> success(action, id, "true".equalsIgnoreCase(action.get("Paused").orElse(""))
                        ? "Interface paused successfully" : "Interface unpaused successfully");
                case "originate" -> {
                    if (action.get("Channel").isEmpty()) {
                        error(action, id, "Channel not specified");
                    } else {
                        success(action, id, "Originate successfully queued");
                    }
                }
                case "hangup", "redirect", "atxfer", "mixmonitor", "stopmixmonitor" -> {
                    if (channels.contains(action.get("Channel").orElse(""))) {
                        success(action, id, name + " done");
                    } else {
                        error(action, id, "No such channel");
                    }
                }
                default -> reply("Response: Error\r\n" + id + "Message: Invalid/unknown command: " + name
                        + ". Use Action: ListCommands to show available commands.\r\n\r\n");
            }
        }

        private void success(AmiPacket action, String id, String message) {
            actions.add(action);
            reply("Response: Success\r\n" + id + "Message: " + message + "\r\n\r\n");
        }

        private void error(AmiPacket action, String id, String message) {
            actions.add(action);
            reply("Response: Error\r\n" + id + "Message: " + message + "\r\n\r\n");
        }

        private void login(AmiPacket action, String id) {
            loginAttempts.incrementAndGet();
            String user = action.get("Username").orElse("");
            String secret = users.get(user);
            boolean md5 = "md5".equalsIgnoreCase(action.get("AuthType").orElse(""));
            boolean accepted = secret != null && (md5
                    ? action.get("Key").orElse("").equals(md5(challenge + secret))
                    : action.get("Secret").orElse("").equals(secret));
            if (!accepted) {
                sleep(1_000);
                reply("Response: Error\r\n" + id + "Message: Authentication failed\r\n\r\n");
                close();
                return;
            }
            reply("Response: Success\r\n" + id + "Message: Authentication accepted\r\n\r\n");
            if (!"off".equalsIgnoreCase(action.get("Events").orElse("on"))) {
                reply("Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 12\r\nLastReload: 12\r\nStatus: Fully Booted\r\n\r\n");
                reply("Event: SuccessfulAuth\r\nPrivilege: security,all\r\nEventTV: 2026-11-23T17:43:36.000+0000\r\n"
                        + "Severity: Informational\r\nService: AMI\r\nEventVersion: 1\r\nAccountID: " + user
                        + "\r\nSessionID: 0x7f\r\nLocalAddress: IPV4/TCP/127.0.0.1/5038\r\n"
                        + "RemoteAddress: IPV4/TCP/127.0.0.1/50000\r\nUsingPassword: 0\r\nSessionTV: 2026-11-23T17:43:36.000+0000\r\n\r\n");
            }
            loggedIn = true;
            logins.incrementAndGet();
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
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
