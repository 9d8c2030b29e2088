package io.omniline.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.Database;
import io.omniline.telephony.TelephonyAmi;
import io.omniline.telephony.live.LiveModelStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * cannot save their work. The AMI check says whether Omniline follows Asterisk and whether
 * its live model (queues, members, channels) is all Asterisk has, and if not, why; it does not
 * change the node's status, since chats, emails and the IVR work without it.
 */
public final class HealthHandler extends Handler.Abstract {

    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(2);

    private final Database database;
    private final TelephonyAmi ami;
    private final ObjectMapper mapper;

    /** @param ami null when AMI is off */
    public HealthHandler(Database database, TelephonyAmi ami, ObjectMapper mapper) {
        this.database = database;
        this.ami = ami;
        this.mapper = mapper;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws JsonProcessingException {
        long started = System.nanoTime();
        boolean up = database.answersWithin(DATABASE_TIMEOUT);
        long millis = (System.nanoTime() - started) / 1_000_000;
        String status = up ? "UP" : "DOWN";
        Map<String, Object> checks = new LinkedHashMap<>();
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("status", status);
        database.put("millis", millis);
        checks.put("database", database);
        checks.put("ami", amiCheck());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("checks", checks);
        response.setStatus(up ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, mapper.writeValueAsString(body), callback);
        return true;
    }

    private Map<String, Object> amiCheck() {
        Map<String, Object> check = new LinkedHashMap<>();
        if (ami == null) {
            check.put("status", "OFF");
            return check;
        }
        LiveModelStatus live = ami.status();
        check.put("status", ami.isConnected() ? "UP" : "DOWN");
        check.put("liveModel", live.complete() ? "complete" : "incomplete");
        if (!live.complete()) {
            check.put("reason", live.reason());
        }
        check.put("pendingCallUpdates", ami.pendingCallWork());
        return check;
    }
}
