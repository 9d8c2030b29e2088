package io.omniline.server.http;

import io.omniline.bridge.channels.sms.SmsWebhook;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /webhooks/sms: hands the raw body (the signature covers its exact bytes) to the SMS
 * webhook and answers with its outcome. Bodies over 64 KiB are refused as soon as they grow past it.
 * Whatever fails, the provider reads one plain line (never SQL or a stack trace; the log has
 * those) and a 5xx, so it retries.
 */
public final class SmsWebhookHandler extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(SmsWebhookHandler.class);

    public static final int MAX_BODY = 64 * 1024;

    private final SmsWebhook webhook;

    public SmsWebhookHandler(SmsWebhook webhook) {
        this.webhook = webhook;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"POST".equals(request.getMethod())) {
            return answer(response, callback, 405, "POST only");
        }
        byte[] body;
        try {
            body = RequestBodies.bytes(request);
        } catch (RequestBodies.TooLargeException e) {
            return answer(response, callback, 413, "body larger than " + MAX_BODY + " bytes");
        }
        SmsWebhook.Outcome outcome;
        try {
            outcome = webhook.receive(request.getHeaders().get(SmsWebhook.SIGNATURE_HEADER), body);
        } catch (RuntimeException e) {
            log.error("webhook SMS could not be taken in", e);
            return answer(response, callback, 500, "internal error; nothing was stored, send it again later");
        }
        return answer(response, callback, outcome.status(), outcome.message());
    }

    private static boolean answer(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, message + "\n", callback);
        return true;
    }
}
