package io.omniline.telephony.ami;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.omniline.runtime.Backoff;
import io.omniline.telephony.ami.event.AmiEvent;
import io.omniline.telephony.ami.event.AmiEventListener;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one AMI connection up: logs in, hands every event to the listener, pings to find a
 * dead connection, and after any loss reconnects with exponential backoff and jitter (one
 * thread, so no storm). A refused login backs off like any other failure instead of spinning.
 * What to ask Asterisk after a login (the live model's resync) is the session listener's
 * business; it hears of each login and each loss.
 */
public final class AmiSupervisor implements AutoCloseable, AmiLink {

    private static final Logger log = LoggerFactory.getLogger(AmiSupervisor.class);

    /**
     * @param pingInterval how often the connection is proved alive; a ping with no answer within
     *     the response timeout counts as a lost connection
     */
    public record Settings(
            String host,
            int port,
            String username,
            String secret,
            Duration responseTimeout,
            Duration pingInterval,
            Duration minBackoff,
            Duration maxBackoff) {}

    private final Settings settings;
    private volatile AmiEventListener listener;
    private volatile AmiSessionListener session;
    private final AtomicBoolean running = new AtomicBoolean(false);
    private boolean closed;
    private final AtomicInteger connected = new AtomicInteger();
    private final Counter reconnects;
    private final Counter events;
    private final Counter malformed;
    private final Timer lag;
    private Thread worker;
    private volatile AmiConnection connection;

    /** Nothing happens until {@link #start}, so what listens may be built with this as its link to Asterisk. */
    public AmiSupervisor(Settings settings, MeterRegistry registry) {
        this.settings = settings;
        Gauge.builder("omniline_ami_connected", connected, AtomicInteger::get)
                .description("1 while logged in to AMI")
                .register(registry);
        this.reconnects = Counter.builder("omniline_ami_reconnects_total").register(registry);
        this.events = Counter.builder("omniline_ami_events_total").register(registry);
        this.malformed = Counter.builder("omniline_ami_malformed_packets_total")
                .description("packets with lines the decoder could not read (kept what it could)")
                .register(registry);
        this.lag = Timer.builder("omniline_ami_event_lag_seconds")
                .description("from an event's arrival to its being applied")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /**
     * Connects, and keeps connecting, from now on (again after {@link #stop}).
     *
     * @param listener every event, on the reader thread, in order
     * @param session each login and each loss, on the supervisor's thread
     * @throws IllegalStateException when it is reading already, or still stopping, or closed
     */
    public synchronized AmiSupervisor start(AmiEventListener listener, AmiSessionListener session) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (worker != null && worker.isAlive()) {
            throw new IllegalStateException("already started");
        }
        this.listener = listener;
        this.session = session;
        running.set(true);
        worker = Thread.ofVirtual().name("ami-supervisor").start(this::superviseForever);
        return this;
    }

    public boolean isConnected() {
        return connected.get() == 1;
    }

    /** Sends an action on the current connection (call control). */
    @Override
    public AmiPacket send(AmiAction action) throws AmiException {
        return current(action).send(action);
    }

    @Override
    public AmiList sendList(AmiAction action) throws AmiException {
        return current(action).sendList(action);
    }

    private AmiConnection current(AmiAction action) throws AmiException {
        AmiConnection current = connection;
        if (current == null) {
            throw new AmiException(action.name() + ": not connected to AMI");
        }
        return current;
    }

    /** Stops reading for good: when this returns, no listener is called any more. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        stop();
    }

    /**
     * Stops reading, as {@link #close} does, but may be {@link #start started} again: this node no
     * longer follows the server (another node does).
     */
    public void stop() {
        running.set(false);
        AmiConnection current = connection;
        if (current != null) {
            current.close();
        }
        Thread started;
        synchronized (this) {
            started = worker;
        }
        if (started == null) {
            return;
        }
        started.interrupt();
        try {
            started.join(5_000);
            if (current != null) {
                current.closed().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("the AMI reader did not stop within 5 s");
        }
    }

    private void superviseForever() {
        Backoff backoff = new Backoff(settings.minBackoff(), settings.maxBackoff());
        boolean first = true;
        while (running.get()) {
            String lost = "the connection closed";
            try {
                connection = AmiConnection.open(
                        settings.host(),
                        settings.port(),
                        settings.username(),
                        settings.secret(),
                        settings.responseTimeout(),
                        this::deliver,
                        this::inspect);
                connected.set(1);
                if (!first) {
                    reconnects.increment();
                }
                first = false;
                backoff.reset();
                log.info("AMI logged in to {}:{} as {}", settings.host(), settings.port(), settings.username());
                session.loggedIn();
                watch(connection);
            } catch (AmiException e) {
                lost = e.getMessage();
                if (running.get()) {
                    log.warn("AMI: {}", e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                connected.set(0);
                AmiConnection gone = connection;
                connection = null;
                if (gone != null) {
                    gone.close();
                }
                session.lost(running.get() ? lost : "Omniline is stopping");
            }
            if (!running.get()) {
                return;
            }
            Duration wait = backoff.next();
            log.info("AMI: connecting again in {} ms", wait.toMillis());
            if (!sleep(wait)) {
                return;
            }
        }
    }

    /** Returns when the connection is gone: closed by Asterisk, or silent to a ping. */
    private void watch(AmiConnection current) throws InterruptedException, AmiException {
        while (running.get()) {
            try {
                current.closed().get(settings.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (running.get()) {
                    log.warn("AMI connection to {}:{} closed", settings.host(), settings.port());
                }
                return;
            } catch (TimeoutException e) {
                current.send(AmiAction.of("Ping"));
            } catch (ExecutionException e) {
                return;
            }
        }
    }

    private void inspect(AmiPacket packet) {
        if (packet.isMalformed()) {
            malformed.increment();
            log.warn("malformed AMI packet kept what it could: {}", packet.problems());
        }
    }

    private void deliver(AmiEvent event) {
        long arrived = System.nanoTime();
        events.increment();
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.error("AMI event {} could not be applied: {}", event.getClass().getSimpleName(), e.toString(), e);
        } finally {
            lag.record(System.nanoTime() - arrived, TimeUnit.NANOSECONDS);
        }
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
