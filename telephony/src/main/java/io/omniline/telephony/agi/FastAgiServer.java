package io.omniline.telephony.agi;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asterisk-Java's FastAGI server with two things changed: every session runs on its own virtual
 * thread with no cap (the stock pool refuses session 501 and the caller's AGI() fails; here
 * memory is the bound), and the socket is Omniline's ({@link BoundServerSocket}). Active
 * sessions are the gauge {@code omniline_agi_sessions_active}.
 */
public final class FastAgiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FastAgiServer.class);

    private final Server server;
    private final Thread acceptor;
    private final AtomicInteger active;

    private FastAgiServer(Server server, Thread acceptor, AtomicInteger active) {
        this.server = server;
        this.acceptor = acceptor;
        this.active = active;
    }

    /**
     * Binds and starts accepting.
     *
     * @param port 0 for any free port (see {@link #port()})
     * @param idleTimeout how long a connection may stay silent before it is closed
     */
    public static FastAgiServer start(InetAddress address, int port, Duration idleTimeout, MappingStrategy scripts,
                                      MeterRegistry registry) {
        AtomicInteger active = new AtomicInteger();
        Gauge.builder("omniline_agi_sessions_active", active, AtomicInteger::get)
                .description("FastAGI sessions in progress")
                .register(registry);
        Server server = new Server(address, port, (int) idleTimeout.toMillis(), counting(scripts, active));
        Thread acceptor = Thread.ofPlatform().name("fastagi-accept").daemon().start(() -> {
            try {
                server.startup();
            } catch (IOException | RuntimeException e) {
                server.bound.completeExceptionally(e);
            }
        });
        try {
            server.bound.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException("FastAGI cannot listen on " + address.getHostAddress() + ":" + port
                    + ": " + e.getCause().getMessage(), e.getCause()));
        } catch (InterruptedException | TimeoutException e) {
            acceptor.interrupt();
            throw new IllegalStateException("FastAGI server did not start", e);
        }
        log.info("FastAGI listening on {}:{}", address.getHostAddress(), server.socket.port());
        return new FastAgiServer(server, acceptor, active);
    }

    public int port() {
        return server.socket.port();
    }

    /**
     * After {@link #close()}: waits for the sessions still running to end (their callers finish
     * the IVR and leave with their variables), up to {@code timeout}.
     *
     * @return the sessions still running when the wait ended
     */
    public int awaitSessions(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (active.get() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        return active.get();
    }

    /** Stops taking sessions; those running go on (see {@link #awaitSessions}). */
    @Override
    public void close() {
        server.shutdown();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static MappingStrategy counting(MappingStrategy scripts, AtomicInteger active) {
        return (request, channel) -> {
            AgiScript script = scripts.determineScript(request, channel);
            if (script == null) {
                return null;
            }
            return (agiRequest, agiChannel) -> {
                active.incrementAndGet();
                try {
                    script.service(agiRequest, agiChannel);
                } finally {
                    active.decrementAndGet();
                }
            };
        };
    }

    private static final class Server extends DefaultAgiServer {

        private final InetAddress address;
        private final int requestedPort;
        private final int idleTimeoutMillis;
        private final CompletableFuture<Void> bound = new CompletableFuture<>();
        private volatile BoundServerSocket socket;

        Server(InetAddress address, int port, int idleTimeoutMillis, MappingStrategy scripts) {
            super(scripts);
            this.address = address;
            this.requestedPort = port;
            this.idleTimeoutMillis = idleTimeoutMillis;
            setSocketReadTimeout(idleTimeoutMillis);
        }

        @Override
        protected ServerSocketFacade createServerSocket() throws IOException {
            socket = new BoundServerSocket(address, requestedPort, 1024, idleTimeoutMillis);
            bound.complete(null);
            return socket;
        }

        /** One new virtual thread per session: a SynchronousQueue with no maximum never queues or refuses. */
        @Override
        protected ThreadPoolExecutor createPool() {
            return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 0, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    Thread.ofVirtual().name("agi-", 0).factory());
        }
    }
}
