package io.omniline.telephony.ami;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one AMI connection up: logs in, hands every event to the listener, pings to find a
 * dead connection, and after any loss reconnects with exponential backoff and jitter (one
 * thread, so no storm), then asks Asterisk for the current queues and channels so the live
 * state can be rebuilt. A refused login backs off like any other failure instead of spinning.
 */
public final class AmiSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AmiSupervisor.class);

    /**
     * @param pingInterval how often the connection is proved alive; a ping with no answer within
     *     the response timeout counts as a lost connection
     */
    public record Settings(String host, int port, String username, String secret, Duration responseTimeout,
                           Duration pingInterval, Duration minBackoff, Duration maxBackoff) {
    }

    private final Settings settings;
    private final Consumer<AmiPacket> listener;
    private final Runnable onLogin;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger connected = new AtomicInteger();
    private final Counter reconnects;
    private final Counter events;
    private final Timer lag;
    private final Thread worker;
    private volatile AmiConnection connection;

    /**
     * @param onLogin runs after each login, before the state is asked for again: the moment to
     *     forget what the lost connection had said
     */
    public AmiSupervisor(Settings settings, Consumer<AmiPacket> listener, Runnable onLogin, MeterRegistry registry) {
        this.settings = settings;
        this.listener = listener;
        this.onLogin = onLogin;
        Gauge.builder("omniline_ami_connected", connected, AtomicInteger::get)
                .description("1 while logged in to AMI").register(registry);
        this.reconnects = Counter.builder("omniline_ami_reconnects_total").register(registry);
        this.events = Counter.builder("omniline_ami_events_total").register(registry);
        this.lag = Timer.builder("omniline_ami_event_lag_seconds")
                .description("from an event's arrival to its being applied").publishPercentiles(0.5, 0.99).register(registry);
        this.worker = Thread.ofVirtual().name("ami-supervisor").start(this::superviseForever);
    }

    public boolean isConnected() {
        return connected.get() == 1;
    }

    /** Sends an action on the current connection (call control). */
    public AmiPacket send(AmiAction action) throws AmiException {
        AmiConnection current = connection;
        if (current == null) {
            throw new AmiException(action.name() + ": not connected to AMI");
        }
        return current.send(action);
    }

    @Override
    public void close() {
        running.set(false);
        AmiConnection current = connection;
        if (current != null) {
            current.close();
        }
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void superviseForever() {
        Duration backoff = settings.minBackoff();
        boolean first = true;
        while (running.get()) {
            try {
                connection = AmiConnection.open(settings.host(), settings.port(), settings.username(), settings.secret(),
                        settings.responseTimeout(), this::deliver);
                connected.set(1);
                if (!first) {
                    reconnects.increment();
                }
                first = false;
                backoff = settings.minBackoff();
                log.info("AMI logged in to {}:{} as {}", settings.host(), settings.port(), settings.username());
                onLogin.run();
                resynchronize(connection);
                watch(connection);
            } catch (AmiException e) {
                log.warn("AMI: {}; retrying in {} ms", e.getMessage(), backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                connected.set(0);
                AmiConnection lost = connection;
                connection = null;
                if (lost != null) {
                    lost.close();
                }
            }
            if (!sleep(jittered(backoff))) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
        }
    }

    /** Returns when the connection is gone: closed by Asterisk, or silent to a ping. */
    private void watch(AmiConnection current) throws InterruptedException, AmiException {
        while (running.get()) {
            try {
                current.closed().get(settings.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
                log.warn("AMI connection to {}:{} closed", settings.host(), settings.port());
                return;
            } catch (TimeoutException e) {
                current.send(AmiAction.of("Ping"));
            } catch (ExecutionException e) {
                return;
            }
        }
    }

    /**
     * After a (re)connect, asks for what is live now; the answers arrive as events
     * (QueueParams, QueueMember, QueueEntry, CoreShowChannel) through the same listener.
     */
    private void resynchronize(AmiConnection current) throws AmiException {
        current.send(AmiAction.of("QueueStatus"));
        current.send(AmiAction.of("CoreShowChannels"));
    }

    private void deliver(AmiPacket packet) {
        long arrived = System.nanoTime();
        events.increment();
        try {
            listener.accept(packet);
        } catch (RuntimeException e) {
            log.error("AMI event {} could not be applied: {}", packet.get("Event").orElse("?"), e.toString(), e);
        } finally {
            lag.record(System.nanoTime() - arrived, TimeUnit.NANOSECONDS);
        }
    }

    private static Duration jittered(Duration backoff) {
        long millis = backoff.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
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
