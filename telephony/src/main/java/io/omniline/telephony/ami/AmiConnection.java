package io.omniline.telephony.ami;

import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEventListener;
import io.omniline.telephony.ami.event.AmiEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One logged-in AMI connection. A reader thread decodes packets, turns each event into its
 * typed form once, and hands it to the listener in order, on that thread: nothing is queued, so
 * nothing can be dropped; when the listener is slow, TCP pushes back on Asterisk (which is why
 * the listeners never wait on the database). Responses are matched to actions by ActionID, and
 * the items of a list action are gathered for its sender until the list's *Complete event.
 */
public final class AmiConnection implements AutoCloseable, AmiLink {

    /** A list may take this many response timeouts: a QueueStatus of a busy system runs to thousands of items. */
    static final int LIST_TIMEOUTS = 6;

    private final Socket socket;
    private final OutputStream out;
    private final Map<String, CompletableFuture<AmiPacket>> pending = new ConcurrentHashMap<>();
    private final AtomicLong actionIds = new AtomicLong();
    private final CompletableFuture<String> banner = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Map<String, ListAnswer> lists = new ConcurrentHashMap<>();
    private final AmiEventListener events;
    private final AmiPacketTap tap;
    private final Duration responseTimeout;

    private AmiConnection(Socket socket, AmiEventListener events, AmiPacketTap tap, Duration responseTimeout)
            throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.events = events;
        this.tap = tap;
        this.responseTimeout = responseTimeout;
    }

    /**
     * Connects and logs in with an MD5 challenge, so the secret never crosses the network.
     *
     * @param events receives every event, in order, on the connection's reader thread
     * @throws AmiException on a refused login ("Authentication failed") or no answer in time
     */
    public static AmiConnection open(
            String host, int port, String username, String secret, Duration timeout, AmiEventListener events)
            throws AmiException {
        return open(host, port, username, secret, timeout, events, AmiPacketTap.NONE);
    }

    /** @param tap sees each event packet before it is decoded */
    public static AmiConnection open(
            String host,
            int port,
            String username,
            String secret,
            Duration timeout,
            AmiEventListener events,
            AmiPacketTap tap)
            throws AmiException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            AmiConnection connection = new AmiConnection(socket, events, tap, timeout);
            connection.startReading();
            connection.banner.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            connection.login(username, secret);
            return connection;
        } catch (IOException | ExecutionException | TimeoutException e) {
            closeQuietly(socket);
            throw new AmiException("cannot reach AMI at " + host + ":" + port + ": " + e, e);
        } catch (InterruptedException e) {
            closeQuietly(socket);
            Thread.currentThread().interrupt();
            throw new AmiException("interrupted while connecting to AMI", e);
        } catch (AmiException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** Sends an action and waits for its response. */
    @Override
    public AmiPacket send(AmiAction action) throws AmiException {
        String id = action.actionId().orElseGet(this::nextActionId);
        CompletableFuture<AmiPacket> response = new CompletableFuture<>();
        pending.put(id, response);
        try {
            write(action, id);
            return await(action, response, responseTimeout);
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public AmiList sendList(AmiAction action) throws AmiException {
        String id = nextActionId();
        ListAnswer answer = new ListAnswer();
        CompletableFuture<AmiPacket> response = new CompletableFuture<>();
        lists.put(id, answer);
        pending.put(id, response);
        try {
            write(action, id);
            AmiPacket opened = await(action, response, responseTimeout);
            if (!"Success".equalsIgnoreCase(opened.get("Response").orElse(""))) {
                throw AmiException.refused(action.name(), opened.get("Message").orElse(null));
            }
            await(action, answer.complete, responseTimeout.multipliedBy(LIST_TIMEOUTS));
            return new AmiList(opened, answer.items);
        } finally {
            pending.remove(id);
            lists.remove(id);
        }
    }

    private String nextActionId() {
        return "omniline-" + actionIds.incrementAndGet();
    }

    private void write(AmiAction action, String id) throws AmiException {
        try {
            synchronized (out) {
                out.write(action.encode(id));
                out.flush();
            }
        } catch (IOException e) {
            throw new AmiException(action.name() + " failed: " + e.getMessage(), e);
        }
    }

    private static <T> T await(AmiAction action, CompletableFuture<T> answer, Duration timeout) throws AmiException {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AmiException(action.name() + " failed: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new AmiException(action.name() + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmiException(action.name() + " interrupted", e);
        }
    }

    /** Completes when the connection ends, for whatever reason. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private void login(String username, String secret) throws AmiException {
        AmiPacket challenge = send(AmiAction.of("Challenge").with("AuthType", "MD5"));
        String key = challenge
                .get("Challenge")
                .orElseThrow(() -> new AmiException("AMI offered no MD5 challenge: "
                        + challenge.get("Message").orElse("")));
        AmiPacket login = send(AmiAction.of("Login")
                .with("AuthType", "MD5")
                .with("Username", username)
                .with("Key", md5(key + secret))
                .with("Events", "on"));
        if (!"Success".equalsIgnoreCase(login.get("Response").orElse(""))) {
            throw new AmiException("AMI login as " + username + " refused: "
                    + login.get("Message").orElse("no reason given"));
        }
    }

    private void startReading() {
        AmiDecoder decoder = new AmiDecoder(true, banner::complete, this::dispatch);
        // A thread of its own, not a virtual one: every call's tracking and every pop waits on
        // this one loop, and as a virtual thread it queued for one of the two carriers behind
        // thousands of IVR and database threads (the node took in events 20k/s against 26k/s).
        Thread.ofPlatform().daemon().name("ami-reader").start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = socket.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    decoder.feed(buffer, 0, read);
                }
                decoder.endOfStream();
            } catch (IOException e) {
                decoder.endOfStream();
            } finally {
                IOException gone = new IOException("AMI connection closed");
                banner.completeExceptionally(gone);
                pending.values().forEach(response -> response.completeExceptionally(gone));
                lists.values().forEach(list -> list.complete.completeExceptionally(gone));
                closed.complete(null);
            }
        });
    }

    private void dispatch(AmiPacket packet) {
        if (!packet.isEvent()) {
            String id = packet.get("ActionID").orElse(null);
            CompletableFuture<AmiPacket> response = id == null ? null : pending.get(id);
            if (response != null) {
                response.complete(packet);
                return;
            }
        }
        tap.seen(packet);
        AmiEvent event = AmiEvents.decode(packet);
        ListAnswer list = lists.get(packet.get("ActionID").orElse(""));
        if (list != null) {
            if (event instanceof AmiEvent.ListComplete) {
                list.complete.complete(null);
            } else {
                list.items.add(event);
            }
        }
        events.onEvent(event);
    }

    /** The items of one list action so far; only the reader thread adds to them. */
    private static final class ListAnswer {
        final List<AmiEvent> items = new ArrayList<>();
        final CompletableFuture<Void> complete = new CompletableFuture<>();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed or broken; there is nothing left to release.
        }
    }
}
