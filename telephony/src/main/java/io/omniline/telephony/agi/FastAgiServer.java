package io.omniline.telephony.agi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omniline.runtime.ThrottledLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asterisk-Java's FastAGI server with its transport replaced: every session runs on its own
 * virtual thread (the stock pool refuses session 501 and the caller's AGI() fails; here
 * {@code maxConnections} is the bound), and the socket is Omniline's ({@link BoundServerSocket},
 * {@link LineSocket}): connections over the cap are closed at once, a connection must send its
 * whole environment block within a few seconds and within size limits or it is dropped before
 * any script runs, accept errors back off, and each session ends with a half-close. Scripts that
 * implement {@link AgiSessionScript} get the session's {@link AgiSession}.
 *
 * <p>Metrics: {@code omniline_agi_sessions_active} (scripts running),
 * {@code omniline_agi_connections_open}, {@code omniline_agi_connections_refused_total},
 * {@code omniline_agi_connections_dropped_total{reason}}, {@code omniline_agi_accept_errors_total}.
 */
public final class FastAgiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FastAgiServer.class);
    /** Room left for everything else the process opens (database, HTTP, AMI, logs) when the cap follows the file limit. */
    private static final int FILES_KEPT_FOR_THE_REST = 1024;

    private static final int BACKLOG = 1024;

    private final Server server;
    private final Thread acceptor;
    private final AtomicInteger active;

    private FastAgiServer(Server server, Thread acceptor, AtomicInteger active) {
        this.server = server;
        this.acceptor = acceptor;
        this.active = active;
    }

    /**
     * How the server listens and what it accepts.
     *
     * @param port 0 for any free port (see {@link #port()})
     * @param idleTimeout how long a session may stay silent before it is closed
     * @param maxConnections connections open at once; 0 follows the process's open-file limit
     *     (less {@value #FILES_KEPT_FOR_THE_REST} for the rest of the process)
     * @param environmentTimeout how long a new connection has to send its whole environment block
     * @param logInterval the shortest time between two warnings of one kind (refused, dropped, accept errors)
     */
    public record Settings(
            InetAddress address,
            int port,
            Duration idleTimeout,
            int maxConnections,
            Duration environmentTimeout,
            Duration logInterval) {

        public static Settings of(InetAddress address, int port, Duration idleTimeout) {
            return new Settings(address, port, idleTimeout, 0, Duration.ofSeconds(5), Duration.ofMinutes(1));
        }

        int connectionCap() {
            if (maxConnections > 0) {
                return maxConnections;
            }
            if (ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
                return (int) Math.min(
                        Integer.MAX_VALUE, Math.max(100, unix.getMaxFileDescriptorCount() - FILES_KEPT_FOR_THE_REST));
            }
            return 10_000;
        }
    }

    /** Binds and starts accepting with the default limits (see {@link Settings#of}). */
    public static FastAgiServer start(
            InetAddress address, int port, Duration idleTimeout, MappingStrategy scripts, MeterRegistry registry) {
        return start(Settings.of(address, port, idleTimeout), scripts, registry);
    }

    /** Binds and starts accepting. */
    public static FastAgiServer start(Settings settings, MappingStrategy scripts, MeterRegistry registry) {
        AtomicInteger active = new AtomicInteger();
        Gauge.builder("omniline_agi_sessions_active", active, AtomicInteger::get)
                .description("FastAGI sessions in progress")
                .register(registry);
        Server server = new Server(settings, registry, new Sessions(scripts, active, registry, settings.logInterval()));
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
            throw new UncheckedIOException(new IOException(
                    "FastAGI cannot listen on " + settings.address().getHostAddress() + ":" + settings.port() + ": "
                            + e.getCause().getMessage(),
                    e.getCause()));
        } catch (InterruptedException | TimeoutException e) {
            acceptor.interrupt();
            throw new IllegalStateException("FastAGI server did not start", e);
        }
        log.info(
                "FastAGI listening on {}:{}, at most {} connections",
                settings.address().getHostAddress(),
                server.socket.port(),
                settings.connectionCap());
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

    private static final class Server extends DefaultAgiServer {

        private final Settings settings;
        private final MeterRegistry registry;
        private final Sessions sessions;
        private final CompletableFuture<Void> bound = new CompletableFuture<>();
        private volatile BoundServerSocket socket;

        Server(Settings settings, MeterRegistry registry, Sessions sessions) {
            super(sessions);
            this.settings = settings;
            this.registry = registry;
            this.sessions = sessions;
            setSocketReadTimeout((int) settings.idleTimeout().toMillis());
        }

        @Override
        protected ServerSocketFacade createServerSocket() throws IOException {
            socket = new BoundServerSocket(
                    new ServerSocket(settings.port(), BACKLOG, settings.address()),
                    (int) settings.idleTimeout().toMillis(),
                    settings.connectionCap(),
                    settings.environmentTimeout(),
                    registry,
                    settings.logInterval());
            sessions.socket = socket;
            bound.complete(null);
            return socket;
        }

        /** One new virtual thread per session: a SynchronousQueue with no maximum never queues or refuses. */
        @Override
        protected ThreadPoolExecutor createPool() {
            return new ThreadPoolExecutor(
                    0,
                    Integer.MAX_VALUE,
                    0,
                    TimeUnit.SECONDS,
                    new SynchronousQueue<>(),
                    Thread.ofVirtual().name("agi-", 0).factory());
        }
    }

    /**
     * Finds the script for each connection: none for a connection refused while sending its
     * environment (counted, and logged at most once per interval), else the mapped script,
     * counted while it runs and given its session.
     */
    private static final class Sessions implements MappingStrategy {

        /** Runs for a refused connection so that Asterisk-Java neither logs it as an error nor writes to it. */
        private static final AgiScript NOTHING = (request, channel) -> {};

        private final MappingStrategy scripts;
        private final AtomicInteger active;
        private final Map<LineSocket.Refusal, Counter> dropped = new EnumMap<>(LineSocket.Refusal.class);
        private final ThrottledLog droppedLog;
        private volatile BoundServerSocket socket;

        Sessions(MappingStrategy scripts, AtomicInteger active, MeterRegistry registry, Duration logInterval) {
            this.scripts = scripts;
            this.active = active;
            for (LineSocket.Refusal refusal : LineSocket.Refusal.values()) {
                dropped.put(
                        refusal,
                        Counter.builder("omniline_agi_connections_dropped_total")
                                .tag("reason", refusal.tag())
                                .description(
                                        "FastAGI connections dropped before their environment block was complete and sound")
                                .register(registry));
            }
            this.droppedLog = new ThrottledLog(log, logInterval);
        }

        @Override
        public AgiScript determineScript(AgiRequest request, AgiChannel channel) {
            LineSocket session = socket.session(request);
            if (session != null && session.refusal() != null) {
                dropped.get(session.refusal()).increment();
                droppedLog.warn("FastAGI dropped a connection from "
                        + request.getRemoteAddress().getHostAddress() + " that "
                        + session.refusal().description());
                return NOTHING;
            }
            AgiScript script = scripts.determineScript(request, channel);
            if (script == null) {
                return null;
            }
            return (agiRequest, agiChannel) -> {
                active.incrementAndGet();
                try {
                    if (script instanceof AgiSessionScript withSession) {
                        if (session == null) {
                            throw new IllegalStateException("the FastAGI connection of " + agiRequest.getUniqueId()
                                    + " closed before its script started");
                        }
                        withSession.service(agiRequest, agiChannel, session);
                    } else {
                        script.service(agiRequest, agiChannel);
                    }
                } finally {
                    active.decrementAndGet();
                }
            };
        }
    }
}
