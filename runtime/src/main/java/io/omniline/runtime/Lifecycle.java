package io.omniline.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way Omniline starts and stops things: services start in the order they are given and
 * stop in reverse, so nothing outlives what it uses. A start that fails stops what already
 * started (in reverse) before its exception goes on, so a half-started node leaks no thread,
 * socket or connection. A stop that fails is logged and the others still stop.
 *
 * <p>Services are started one by one, so a later one can be built from what an earlier one
 * made (the database before the repositories that use it). Not thread-safe: one thread starts,
 * then one thread stops.
 */
public final class Lifecycle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final String name;
    private final Deque<Service> started = new ArrayDeque<>();

    /** @param name what this lifecycle runs, for the log */
    public Lifecycle(String name) {
        this.name = name;
    }

    /**
     * Starts {@code service} now and stops it with the others. If it fails to start, every service
     * started before it is stopped, then the failure is rethrown.
     *
     * @return the service, started
     */
    public <S extends Service> S start(S service) throws Exception {
        try {
            service.start();
        } catch (Exception | Error e) {
            log.warn("{}: {} did not start; stopping what started before it", name, service.name());
            stop();
            throw e;
        }
        started.push(service);
        return service;
    }

    /**
     * Runs {@code opener} (a factory that returns something already running) and closes what it
     * returned on stop; as {@link #start}, a failure stops what started before. A null result
     * (a part turned off in the configuration) is returned as is and nothing is registered.
     */
    public <T extends AutoCloseable, E extends Exception> T open(String part, Opener<T, E> opener) throws E {
        T opened;
        try {
            opened = opener.open();
        } catch (Exception | Error e) {
            log.warn("{}: {} did not start; stopping what started before it", name, part);
            stop();
            throw e;
        }
        if (opened != null) {
            started.push(Service.running(part, opened));
        }
        return opened;
    }

    /**
     * Runs {@code steps}, which start parts on this lifecycle one after another and may do other
     * work between them (a migration, an install): if anything in them fails, whatever they had
     * started is stopped before the failure goes on.
     *
     * @return what the steps built
     */
    public <T, E extends Exception> T assemble(Assembly<T, E> steps) throws E {
        try {
            return steps.run();
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    /**
     * Stops every started service, the last started first. A failing stop is logged and does not
     * keep the others running. Stopping twice stops nothing the second time.
     */
    public void stop() {
        while (!started.isEmpty()) {
            Service service = started.pop();
            try {
                service.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("{}: stopping {} was interrupted", name, service.name(), e);
            } catch (Exception e) {
                log.warn("{}: {} did not stop cleanly", name, service.name(), e);
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** A factory that returns a part already running, or null when the part is turned off. */
    @FunctionalInterface
    public interface Opener<T extends AutoCloseable, E extends Exception> {
        T open() throws E;
    }

    /** Steps that start parts on a lifecycle and return what they built. */
    @FunctionalInterface
    public interface Assembly<T, E extends Exception> {
        T run() throws E;
    }
}
