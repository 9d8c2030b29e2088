package io.omniline.server.http;

import io.omniline.server.config.ConfigException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The origins a browser may open the push sockets from. A cookie rides along on a WebSocket
 * handshake from any page, and SameSite does not stop a page on another port of this machine,
 * so the handshake's Origin header is the check: it must name one of this server's public
 * origins. Without configured origins, this server's own address at its bound port is one
 * (127.0.0.1 and localhost both when it listens on a loopback or wildcard address).
 */
public final class AllowedOrigins {

    private final Set<String> configured;
    private final String host;
    private final IntSupplier port;

    /**
     * @param list origins such as {@code https://desk.example.com}, comma-separated; empty derives them
     * @param host the address the server listens on
     * @param port the port it bound, read when a socket opens
     */
    public AllowedOrigins(String list, String host, IntSupplier port) {
        this.configured = new LinkedHashSet<>();
        if (list != null) {
            for (String entry : list.split(",")) {
                if (!entry.isBlank()) {
                    String origin = normalize(entry.strip());
                    if (origin == null) {
                        throw new ConfigException("http.publicOrigins: " + entry.strip()
                                + " is not an origin such as https://desk.example.com");
                    }
                    configured.add(origin);
                }
            }
        }
        this.host = host;
        this.port = port;
    }

    public boolean allows(String origin) {
        if (origin == null) {
            return false;
        }
        String normalized = normalize(origin);
        return normalized != null && origins().contains(normalized);
    }

    /** What is allowed right now. */
    public Set<String> origins() {
        if (!configured.isEmpty()) {
            return configured;
        }
        int bound = port.getAsInt();
        Set<String> derived = new LinkedHashSet<>();
        if (isLocal(host)) {
            derived.add("http://127.0.0.1:" + bound);
            derived.add("http://localhost:" + bound);
            derived.add("http://[::1]:" + bound);
        } else {
            derived.add(normalize("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound));
        }
        return derived;
    }

    /** Whether nothing was configured on a server that other machines reach: their pages will be refused. */
    public boolean derivedForAWildcardAddress() {
        return configured.isEmpty() && isWildcard(host);
    }

    /** scheme://host[:port] in lower case, without a default port or a trailing slash; null when it is not one. */
    private static String normalize(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme))
                || uri.getHost() == null
                || (uri.getRawPath() != null
                        && !uri.getRawPath().isEmpty()
                        && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static boolean isLocal(String host) {
        if (isWildcard(host) || "localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isWildcard(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) || "0:0:0:0:0:0:0:0".equals(host);
    }
}
