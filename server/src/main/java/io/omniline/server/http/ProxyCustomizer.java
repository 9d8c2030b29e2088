package io.omniline.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Applies {@link TrustedProxies} to every request before any handler sees it, so the login
 * throttle, the logs and the cookie's Secure flag all see the client and scheme the proxy saw.
 * Jetty's own ForwardedRequestCustomizer believes any sender and takes the leftmost
 * X-Forwarded-For, which the client writes; hence this one.
 */
final class ProxyCustomizer implements HttpConfiguration.Customizer {

    private final TrustedProxies proxies;

    ProxyCustomizer(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        TrustedProxies.Client client =
                proxies.client(request.getConnectionMetaData().getRemoteSocketAddress(), request.getHeaders());
        if (client == null) {
            return request;
        }
        SocketAddress remote = InetSocketAddress.createUnresolved(client.address(), 0);
        ConnectionMetaData metaData = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
            @Override
            public SocketAddress getRemoteSocketAddress() {
                return remote;
            }

            @Override
            public boolean isSecure() {
                return client.secure() || super.isSecure();
            }
        };
        return new Request.Wrapper(request) {
            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return metaData;
            }

            @Override
            public boolean isSecure() {
                return client.secure() || super.isSecure();
            }
        };
    }
}
