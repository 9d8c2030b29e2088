package io.omniline.runtime;

/**
 * One part of a node that runs between a start and a stop (a listener, a connection, a node of
 * the system). A {@link Lifecycle} starts services in order and stops them in reverse.
 */
public interface Service {

    /** Used in the log when the service starts or fails to stop. */
    String name();

    void start() throws Exception;

    /** Releases what {@link #start()} took; called once, and only after a successful start. */
    void stop() throws Exception;

    /**
     * Something already running (opened by a factory that starts it) whose stop is a close: its
     * start does nothing.
     */
    static Service running(String name, AutoCloseable resource) {
        return new Service() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {}

            @Override
            public void stop() throws Exception {
                resource.close();
            }
        };
    }
}
