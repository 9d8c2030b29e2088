package io.omniline.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.jetty12.server.TimedHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty with Omniline's routes. Handlers run on virtual threads, so a handler that waits on
 * the database does not hold a platform thread. Every route reads at most its own body limit
 * (Jetty's SizeLimitHandler counts the bytes as they are read, chunked or not), the largest
 * of them guards paths no route claims, and the push sockets open only for pages of this
 * server's own origins.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /** Push sockets only listen; a page never needs to send more than this in one message. */
    private static final int MAX_SOCKET_MESSAGE_BYTES = 4 * 1024;

    /**
     * Where and to whom the server listens.
     *
     * @param publicOrigins see {@link AllowedOrigins}
     * @param trustedProxies see {@link TrustedProxies}
     */
    public record Settings(String host, int port, String publicOrigins, String trustedProxies) {

        /** @throws io.omniline.server.config.ConfigException for an origin or proxy that is not one */
        public Settings {
            new TrustedProxies(trustedProxies);
            new AllowedOrigins(publicOrigins, host, () -> port);
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final AllowedOrigins origins;

    /**
     * @param sockets WebSocket endpoints by path; an upgrade request to one of them never reaches {@code routes}
     */
    public HttpServer(
            Settings settings, List<WebRoute> routes, Map<String, WebSocketCreator> sockets, MeterRegistry registry) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("http");
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("http-vt"));
        server = new Server(threads);
        server.setStopTimeout(5_000);
        server.setErrorHandler(new PlainErrors());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.addCustomizer(new ProxyCustomizer(new TrustedProxies(settings.trustedProxies())));
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        server.addConnector(connector);
        origins = new AllowedOrigins(settings.publicOrigins(), settings.host(), connector::getLocalPort);

        PathMappingsHandler mappings = new PathMappingsHandler();
        routes.forEach(route ->
                mappings.addMapping(PathSpec.from(route.path()), limited(route.maxBodyBytes(), route.handler())));
        TimedHandler timed = new TimedHandler(registry, Tags.empty());
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(5));
            container.setMaxTextMessageSize(MAX_SOCKET_MESSAGE_BYTES);
            container.setMaxBinaryMessageSize(MAX_SOCKET_MESSAGE_BYTES);
            sockets.forEach((path, creator) -> container.addMapping(path, sameOrigin(creator)));
        });
        upgrades.setHandler(mappings);
        int largest = routes.stream().mapToInt(WebRoute::maxBodyBytes).max().orElse(0);
        timed.setHandler(limited(largest, upgrades));
        server.setHandler(timed);

        new JettyServerThreadPoolMetrics(threads, Tags.empty()).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(server, registry);
    }

    private static SizeLimitHandler limited(int maxBodyBytes, Handler handler) {
        SizeLimitHandler limit = new SizeLimitHandler(maxBodyBytes, -1);
        limit.setHandler(handler);
        return limit;
    }

    /** Refuses the handshake (403) unless it comes from a page of one of the public origins. */
    private WebSocketCreator sameOrigin(WebSocketCreator creator) {
        return (request, response, callback) -> {
            if (!origins.allows(request.getHeaders().get(HttpHeader.ORIGIN))) {
                JsonRefusal.write(
                        response, callback, 403, "only Omniline's own pages (http.publicOrigins) may open this socket");
                return null;
            }
            return creator.createWebSocket(request, response, callback);
        };
    }

    public void start() throws Exception {
        server.start();
        if (origins.derivedForAWildcardAddress()) {
            log.warn(
                    "http.publicOrigins is not set: the desktop and wallboard sockets open only for {}; set it to the "
                            + "address other machines use (e.g. https://desk.example.com)",
                    origins.origins());
        }
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
