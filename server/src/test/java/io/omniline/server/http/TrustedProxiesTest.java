package io.omniline.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.server.config.ConfigException;
import java.net.InetSocketAddress;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies = new TrustedProxies("10.0.0.0/8, 192.0.2.1, fd00::/8");

    @Test
    void headersFromAnyoneButATrustedProxyAreIgnored() {
        assertThat(proxies.client(peer("203.0.113.5"), headers("X-Forwarded-For", "198.51.100.1")))
                .isNull();
        assertThat(new TrustedProxies("").client(peer("10.0.0.1"), headers("X-Forwarded-For", "198.51.100.1")))
                .isNull();
    }

    @Test
    void theClientIsTheRightmostAddressNoTrustedProxyWrote() {
        assertThat(client("10.1.1.1", "X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.2.2.2"))
                .isEqualTo(new TrustedProxies.Client("198.51.100.7", false));
        assertThat(client("10.1.1.1", "X-Forwarded-For", "10.3.3.3, 10.2.2.2").address())
                .as("only proxies: the farthest of them")
                .isEqualTo("10.3.3.3");
        assertThat(client("10.1.1.1", "X-Forwarded-For", "[2001:db8::7]:4711").address())
                .isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(client("10.1.1.1", "X-Forwarded-For", "spoofed.example, unknown")
                        .address())
                .as("an unreadable hop is nobody we trust")
                .isEqualTo("unknown");
        assertThat(client("10.1.1.1", "X-Nothing", "x").address())
                .as("no header: the proxy itself")
                .isEqualTo("10.1.1.1");
    }

    @Test
    void forwardedIsReadWithItsQuotesAndTheNearestProxysProto() {
        assertThat(client("192.0.2.1", "Forwarded", "for=6.6.6.6;proto=http, for=\"[2001:db8::9]:80\";proto=https"))
                .isEqualTo(new TrustedProxies.Client("2001:db8:0:0:0:0:0:9", true));
        assertThat(client("192.0.2.1", "X-Forwarded-Proto", "http, https").secure())
                .isTrue();
    }

    @Test
    void aListThatIsNotAddressesStopsTheStart() {
        assertThatThrownBy(() -> new TrustedProxies("10.0.0.0/99"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.trustedProxies");
    }

    private TrustedProxies.Client client(String peer, String header, String value) {
        return proxies.client(peer(peer), headers(header, value));
    }

    private static InetSocketAddress peer(String address) {
        return new InetSocketAddress(address, 40000);
    }

    private static HttpFields headers(String name, String value) {
        return HttpFields.build().add(name, value);
    }
}
