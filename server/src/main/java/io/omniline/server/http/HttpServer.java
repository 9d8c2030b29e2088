package io.omniline.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.jetty12.server.TimedHandler;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty with Omniline's routes. Handlers run on virtual threads, so a handler that waits on
 * the database does not hold a platform thread.
 */
public final class HttpServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    /**
     * @param sockets WebSocket endpoints by path; an upgrade request to one of them never reaches
     *     {@code routes}
     */
    public HttpServer(String host, int port, Map<String, Handler> routes, Map<String, WebSocketCreator> sockets,
                      MeterRegistry registry) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("http");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("http-vt"));
        server = new Server(threads);
        server.setStopTimeout(5_000);
        server.setErrorHandler(new PlainErrors());
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        PathMappingsHandler mappings = new PathMappingsHandler();
        routes.forEach((path, handler) -> mappings.addMapping(PathSpec.from(path), handler));
        TimedHandler timed = new TimedHandler(registry, Tags.empty());
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(5));
            sockets.forEach(container::addMapping);
        });
        upgrades.setHandler(mappings);
        timed.setHandler(upgrades);
        server.setHandler(timed);

        new JettyServerThreadPoolMetrics(threads, Tags.empty()).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(server, registry);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port actually bound, also when 0 asked for any free one. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
