package io.omniline.server.softphone;

import io.omniline.server.config.ConfigException;
import io.omniline.server.config.OmnilineConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The softphone's configuration, checked at start: where Asterisk's SIP-over-WebSocket listens,
 * the agents' SIP domain, STUN servers and the key that seals SIP passwords. A URL is only what a
 * Content-Security-Policy source can hold as it is (scheme, host, port, path), so the pages may
 * connect to exactly it.
 */
public record SoftphoneSettings(
        List<String> webSocketUrls, String sipDomain, List<String> stunServers, Optional<CredentialSeal> seal) {

    private static final Pattern WEB_SOCKET_URL =
            Pattern.compile("wss?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?");
    private static final Pattern STUN_URL = Pattern.compile("stuns?:[A-Za-z0-9.-]+(:[0-9]{1,5})?");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9.-]+");

    public static SoftphoneSettings from(OmnilineConfig.Softphone config) {
        List<String> urls = new ArrayList<>();
        for (String url : list(config.webSocketUrls())) {
            if (!WEB_SOCKET_URL.matcher(url).matches()) {
                throw new ConfigException(
                        "softphone.webSocketUrls: " + url
                                + " is not a ws:// or wss:// URL of a host, port and path (e.g. wss://pbx.example.com:8443/ws)");
            }
            urls.add(url);
        }
        List<String> stun = list(config.stunServers());
        for (String server : stun) {
            if (!STUN_URL.matcher(server).matches()) {
                throw new ConfigException(
                        "softphone.stunServers: " + server + " is not a stun: URL (e.g. stun:stun.example.com:3478)");
            }
        }
        String domain = blank(config.sipDomain())
                ? (urls.isEmpty() ? "" : URI.create(urls.getFirst()).getHost())
                : config.sipDomain().strip();
        if (!domain.isEmpty() && !DOMAIN.matcher(domain).matches()) {
            throw new ConfigException("softphone.sipDomain: " + domain + " is not a host name");
        }
        return new SoftphoneSettings(List.copyOf(urls), domain, List.copyOf(stun), seal(config.credentialKey()));
    }

    /** Whether agents can use the softphone at all: without Asterisk's address there is nothing to register to. */
    public boolean enabled() {
        return !webSocketUrls.isEmpty();
    }

    private static Optional<CredentialSeal> seal(String key) {
        if (blank(key)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("softphone.credentialKey is not base64 (make one with: openssl rand -base64 32)");
        }
        if (bytes.length != CredentialSeal.KEY_BYTES) {
            throw new ConfigException("softphone.credentialKey must be " + CredentialSeal.KEY_BYTES + " bytes, is "
                    + bytes.length + " (make one with: openssl rand -base64 32)");
        }
        return Optional.of(new CredentialSeal(bytes));
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
