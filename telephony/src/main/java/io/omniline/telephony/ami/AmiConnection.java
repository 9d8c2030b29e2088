package io.omniline.telephony.ami;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One logged-in AMI connection. A reader thread decodes packets and hands events to the
 * listener in order, on that thread: nothing is queued, so nothing can be dropped; when the
 * listener is slow, TCP pushes back on Asterisk. Responses are matched to actions by ActionID.
 */
public final class AmiConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final Map<String, CompletableFuture<AmiPacket>> pending = new ConcurrentHashMap<>();
    private final AtomicLong actionIds = new AtomicLong();
    private final CompletableFuture<String> banner = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Consumer<AmiPacket> events;
    private final Duration responseTimeout;

    private AmiConnection(Socket socket, Consumer<AmiPacket> events, Duration responseTimeout) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.events = events;
        this.responseTimeout = responseTimeout;
    }

    /**
     * Connects and logs in with an MD5 challenge, so the secret never crosses the network.
     *
     * @param events receives every event, in order, on the connection's reader thread
     * @throws AmiException on a refused login ("Authentication failed") or no answer in time
     */
    public static AmiConnection open(String host, int port, String username, String secret, Duration timeout,
                                     Consumer<AmiPacket> events) throws AmiException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            AmiConnection connection = new AmiConnection(socket, events, timeout);
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
    public AmiPacket send(AmiAction action) throws AmiException {
        String id = "omniline-" + actionIds.incrementAndGet();
        CompletableFuture<AmiPacket> response = new CompletableFuture<>();
        pending.put(id, response);
        try {
            synchronized (out) {
                out.write(action.encode(id));
                out.flush();
            }
            return response.get(responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | ExecutionException e) {
            throw new AmiException(action.name() + " failed: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new AmiException(action.name() + ": no response within " + responseTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmiException(action.name() + " interrupted", e);
        } finally {
            pending.remove(id);
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
        String key = challenge.get("Challenge")
                .orElseThrow(() -> new AmiException("AMI offered no MD5 challenge: " + challenge.get("Message").orElse("")));
        AmiPacket login = send(AmiAction.of("Login").with("AuthType", "MD5").with("Username", username)
                .with("Key", md5(key + secret)).with("Events", "on"));
        if (!"Success".equalsIgnoreCase(login.get("Response").orElse(""))) {
            throw new AmiException("AMI login as " + username + " refused: " + login.get("Message").orElse("no reason given"));
        }
    }

    private void startReading() {
        AmiDecoder decoder = new AmiDecoder(true, banner::complete, this::dispatch);
        Thread.ofVirtual().name("ami-reader").start(() -> {
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
        events.accept(packet);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
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
