package io.omniline.telephony.agi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.runtime.Backoff;
import io.omniline.runtime.ThrottledLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket, opened by Omniline rather than by Asterisk-Java: port 0 can be bound
 * and read back; at most {@code maxConnections} connections are open at once (one more is
 * closed at once, so Asterisk's AGI() fails fast and its dialplan routes the caller); an error
 * from accept() (a process out of files) backs off instead of spinning (Asterisk-Java's loop
 * logs a stack trace per try); and each connection's {@link LineSocket} can be found again
 * from the request Asterisk-Java parsed on it.
 */
final class BoundServerSocket implements ServerSocketFacade {

    private static final Logger log = LoggerFactory.getLogger(BoundServerSocket.class);
    /** Backoff's steps: the first wait is 10 to 20 ms, each next one twice as long, up to 1 to 2 s. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(20);

    private static final Duration LAST_BACKOFF = Duration.ofSeconds(2);

    private final ServerSocket serverSocket;
    private final int maxConnections;
    private final Duration environmentTimeout;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<Endpoints, LineSocket> sessions = new ConcurrentHashMap<>();
    private final Counter refused;
    private final Counter acceptErrors;
    private final ThrottledLog refusedLog;
    private final ThrottledLog acceptErrorLog;
    private volatile int readTimeoutMillis;

    /**
     * @param serverSocket bound and listening
     * @param logInterval the shortest time between two warnings of one kind (refusals, accept errors)
     */
    BoundServerSocket(
            ServerSocket serverSocket,
            int readTimeoutMillis,
            int maxConnections,
            Duration environmentTimeout,
            MeterRegistry registry,
            Duration logInterval) {
        this.serverSocket = serverSocket;
        this.readTimeoutMillis = readTimeoutMillis;
        this.maxConnections = maxConnections;
        this.environmentTimeout = environmentTimeout;
        Gauge.builder("omniline_agi_connections_open", open, AtomicInteger::get)
                .description("FastAGI connections open, sessions and connections still sending their environment")
                .register(registry);
        this.refused = Counter.builder("omniline_agi_connections_refused_total")
                .description("FastAGI connections closed at once because agi.maxConnections were open")
                .register(registry);
        this.acceptErrors = Counter.builder("omniline_agi_accept_errors_total")
                .description("errors accepting FastAGI connections, such as a process out of files")
                .register(registry);
        this.refusedLog = new ThrottledLog(log, logInterval);
        this.acceptErrorLog = new ThrottledLog(log, logInterval);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
        Backoff backoff = new Backoff(FIRST_BACKOFF, LAST_BACKOFF);
        while (true) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (serverSocket.isClosed()) {
                    throw e;
                }
                acceptErrors.increment();
                Duration wait = backoff.next();
                acceptErrorLog.warn("FastAGI cannot accept a connection (" + e.getMessage() + "); retrying in "
                        + wait.toMillis() + " ms");
                sleep(wait);
                continue;
            }
            backoff.reset();
            LineSocket session = admit(socket);
            if (session != null) {
                return session;
            }
        }
    }

    /** The connection as a session, or null when it was refused (over the cap) or broke at once. */
    private LineSocket admit(Socket socket) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refused.increment();
            refusedLog.warn("FastAGI refused a connection from "
                    + socket.getInetAddress().getHostAddress() + ": agi.maxConnections (" + maxConnections
                    + ") are open");
            closeQuietly(socket);
            return null;
        }
        Endpoints endpoints =
                new Endpoints(new InetSocketAddress(socket.getInetAddress(), socket.getPort()), socket.getLocalPort());
        try {
            LineSocket session = new LineSocket(socket, environmentTimeout, readTimeoutMillis, () -> {
                sessions.remove(endpoints);
                open.decrementAndGet();
            });
            sessions.put(endpoints, session);
            return session;
        } catch (IOException e) {
            open.decrementAndGet();
            closeQuietly(socket);
            return null;
        }
    }

    /** The connection Asterisk-Java read {@code request} from, while it is open. */
    LineSocket session(AgiRequest request) {
        if (request.getRemoteAddress() == null) {
            return null;
        }
        return sessions.get(new Endpoints(
                new InetSocketAddress(request.getRemoteAddress(), request.getRemotePort()), request.getLocalPort()));
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    @Override
    public void setSocketReadTimeout(int millis) {
        this.readTimeoutMillis = millis;
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while backing off", e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Refusing a connection that is already gone is no error.
        }
    }

    /** One TCP connection as both ends see it: the peer's address and port, and the port it reached. */
    private record Endpoints(InetSocketAddress remote, int localPort) {}
}
