package io.omniline.db.testing;

import io.omniline.db.DatabaseSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a database that can stop forwarding without closing anything: the
 * database looks hung (a stopped server, a dead link), not down. Connections made while frozen
 * are accepted and get no answer, as the kernel of a stopped server would do. It can also take
 * the database down ({@link #cut}): every connection is closed and new ones are closed at once,
 * as a crashed or restarting server's would be, until {@link #restore}.
 */
public final class FreezingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean frozen;
    private volatile boolean down;

    private FreezingProxy(String targetHost, int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread.ofVirtual().name("freezing-proxy").start(this::acceptLoop);
    }

    /** A proxy to the database of {@code settings}; {@link #settings} reaches it through the proxy. */
    public static FreezingProxy in(DatabaseSettings settings) throws IOException {
        URI target = URI.create(settings.jdbcUrl().substring("jdbc:".length()));
        return new FreezingProxy(target.getHost(), target.getPort());
    }

    /** The same database, reached through this proxy. */
    public DatabaseSettings settings(DatabaseSettings direct) {
        URI target = URI.create(direct.jdbcUrl().substring("jdbc:".length()));
        String url = "jdbc:postgresql://127.0.0.1:" + listener.getLocalPort() + target.getRawPath()
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        return new DatabaseSettings(url, direct.user(), direct.password(), direct.poolSize(), direct.connectTimeout());
    }

    /** Stops forwarding in both directions; bytes in flight wait. */
    public void freeze() {
        synchronized (gate) {
            frozen = true;
        }
    }

    /** Forwards again, starting with what waited. */
    public void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    /** The database goes down: open connections are reset and new ones closed on arrival. */
    public void cut() {
        down = true;
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** The database is up again. */
    public void restore() {
        down = false;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (down) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                waitWhileFrozen();
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // One side closed; the other follows when its own pump ends.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void waitWhileFrozen() throws InterruptedException {
        synchronized (gate) {
            while (frozen) {
                gate.wait();
            }
        }
    }

    @Override
    public void close() throws IOException {
        thaw();
        listener.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
