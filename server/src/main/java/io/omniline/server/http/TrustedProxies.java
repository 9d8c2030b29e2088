package io.omniline.server.http;

import io.omniline.server.config.ConfigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.QuotedCSV;
import org.eclipse.jetty.util.HostPort;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * Who a request really comes from when reverse proxies stand in front. Forwarded headers are
 * anyone's to write, so they are read only when the TCP peer is a configured proxy, and then from
 * the right: each trusted hop appends the address it saw, so the client is the first address,
 * walking leftwards, that is not one of ours. What lies to the left of it was written by the
 * client and is ignored. The scheme is what the nearest proxy says.
 */
public final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final InetAddressSet proxies = new InetAddressSet();

    /** @param list addresses or CIDR ranges, comma-separated; null or blank trusts no one */
    public TrustedProxies(String list) {
        if (list == null) {
            return;
        }
        for (String entry : list.split(",")) {
            String pattern = entry.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            try {
                proxies.add(pattern);
            } catch (RuntimeException e) {
                throw new ConfigException(
                        "http.trustedProxies: " + pattern + " is not an address or a CIDR range such as 10.0.0.0/8");
            }
        }
    }

    public boolean isEmpty() {
        return proxies.isEmpty();
    }

    /**
     * The client as the proxies report it.
     *
     * @param peer the TCP peer the request arrived from
     */
    public Client client(SocketAddress peer, HttpFields headers) {
        InetAddress peerAddress = peer instanceof InetSocketAddress socket ? socket.getAddress() : null;
        if (peerAddress == null || !proxies.test(peerAddress)) {
            return null;
        }
        Hops hops = hops(headers);
        String client = peerAddress.getHostAddress();
        for (int i = hops.addresses().size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops.addresses().get(i));
            if (hop.isEmpty()) {
                // A hop we cannot read (obfuscated, "unknown") is nobody we trust: it is the client.
                client = hops.addresses().get(i);
                break;
            }
            client = hop.get().getHostAddress();
            if (!proxies.test(hop.get())) {
                break;
            }
        }
        return new Client(client, "https".equalsIgnoreCase(hops.proto()));
    }

    /** The client's address and whether the nearest proxy took the request over HTTPS. */
    public record Client(String address, boolean secure) {}

    private record Hops(List<String> addresses, String proto) {}

    /** RFC 7239 Forwarded when present, else X-Forwarded-For and X-Forwarded-Proto. */
    private static Hops hops(HttpFields headers) {
        List<String> forwarded = headers.getValuesList(HttpHeader.FORWARDED);
        if (!forwarded.isEmpty()) {
            List<String> addresses = new ArrayList<>();
            String proto = null;
            for (String element : new QuotedCSV(false, forwarded.toArray(String[]::new))) {
                String elementProto = null;
                for (String pair : element.split(";")) {
                    int equals = pair.indexOf('=');
                    if (equals < 0) {
                        continue;
                    }
                    String name = pair.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                    String value = unquote(pair.substring(equals + 1).strip());
                    if (name.equals("for")) {
                        addresses.add(value);
                    } else if (name.equals("proto")) {
                        elementProto = value;
                    }
                }
                proto = elementProto;
            }
            return new Hops(addresses, proto);
        }
        List<String> addresses = new ArrayList<>();
        new QuotedCSV(false, headers.getValuesList(HttpHeader.X_FORWARDED_FOR).toArray(String[]::new))
                .forEach(addresses::add);
        List<String> protos = new ArrayList<>();
        new QuotedCSV(false, headers.getValuesList(HttpHeader.X_FORWARDED_PROTO).toArray(String[]::new))
                .forEach(protos::add);
        return new Hops(addresses, protos.isEmpty() ? null : protos.getLast());
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    /** An IP literal with or without a port; never a name, so no header makes us ask DNS. */
    private static Optional<InetAddress> literal(String hop) {
        String host;
        try {
            host = HostPort.normalizeHost(new HostPort(hop.strip()).getHost());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4.matcher(bare).matches() && !IPV6.matcher(bare).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
