package io.omniline.server.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics}: every meter in Prometheus' text format, after {@code beforeScrape} has
 * brought the meters whose set of series changes (one per queue) up to date.
 */
public final class MetricsHandler extends Handler.Abstract {

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Runnable beforeScrape;

    public MetricsHandler(PrometheusMeterRegistry registry, Runnable beforeScrape) {
        this.registry = registry;
        this.beforeScrape = beforeScrape;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        beforeScrape.run();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        Content.Sink.write(response, true, registry.scrape(), callback);
        return true;
    }
}
