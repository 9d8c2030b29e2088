package io.omniline.server.http;

import io.omniline.db.Database;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /health}: 200 with {@code "status":"UP"} when the database answers, 503 and
 * {@code "DOWN"} when it does not, so a load balancer stops sending agents to a node that
 * cannot save their work.
 */
public final class HealthHandler extends Handler.Abstract {

    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(2);

    private final Database database;

    public HealthHandler(Database database) {
        this.database = database;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        boolean up = database.answersWithin(DATABASE_TIMEOUT);
        long millis = (System.nanoTime() - started) / 1_000_000;
        String status = up ? "UP" : "DOWN";
        String body = "{\"status\":\"" + status + "\",\"checks\":{\"database\":{\"status\":\"" + status
                + "\",\"millis\":" + millis + "}}}";
        response.setStatus(up ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body, callback);
        return true;
    }
}
