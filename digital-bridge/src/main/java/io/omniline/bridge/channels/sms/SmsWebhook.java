package io.omniline.bridge.channels.sms;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.customers.security.HmacSha256;
import io.omniline.db.SqlStates;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound SMS from providers that post JSON instead of speaking SMPP. The request must carry
 * {@code X-Omniline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">} made with the
 * shared secret; a missing, wrong or stale signature (older than the tolerance, against replay)
 * stores nothing. The body is {@code {"id": ..., "from": ..., "text": ...}}; the provider's id
 * makes a retried post land once, also when the retries race each other.
 *
 * <p>A signed body is the provider's, so it is never refused for what it carries: bytes that are
 * not UTF-8, a NUL or a broken UTF-16 escape are left out of the stored text and the body is
 * attached as it came; a text the database still refuses is set aside with its body. A provider
 * is answered 503 only when nothing could be stored now (the database is away), so it retries.
 */
public final class SmsWebhook {

    public static final String SIGNATURE_HEADER = "X-Omniline-Signature";
    private static final Logger log = LoggerFactory.getLogger(SmsWebhook.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_ID = 200;
    /** Longer than any phone number or alphanumeric sender; the sender keys the SMS session. */
    private static final int MAX_FROM = 64;

    private final SmsInbox inbox;
    private final HmacSha256 hmac;
    private final Duration tolerance;
    private final Clock clock;

    public SmsWebhook(SmsInbox inbox, byte[] secret, Duration tolerance, Clock clock) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the SMS webhook secret needs at least 16 bytes");
        }
        this.inbox = inbox;
        this.hmac = new HmacSha256(secret);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** What the provider is told: an HTTP status and a one-line reason. */
    public record Outcome(int status, String message) {}

    public Outcome receive(String signatureHeader, byte[] body) {
        Optional<String> refused = checkSignature(signatureHeader, body);
        if (refused.isPresent()) {
            return new Outcome(401, refused.get());
        }
        // Bytes that are not UTF-8 become U+FFFD: the provider signed them, so the text is taken, not refused.
        String json = new String(body, StandardCharsets.UTF_8);
        String problem = Arrays.equals(json.getBytes(StandardCharsets.UTF_8), body)
                ? null
                : "bytes that are not UTF-8 were replaced with \uFFFD";
        Inbound inbound;
        try {
            inbound = MAPPER.readValue(json, Inbound.class);
        } catch (java.io.IOException e) {
            // Jackson's own words name Java types; a provider needs to know what to send instead.
            return new Outcome(400, "the body must be one JSON object whose id, from, to and text are strings");
        }
        if (inbound == null || blank(inbound.id()) || blank(inbound.from()) || inbound.text() == null) {
            return new Outcome(400, "id, from and text are required");
        }
        if (inbound.id().length() > MAX_ID || inbound.from().length() > MAX_FROM) {
            return new Outcome(400, "id may have at most " + MAX_ID + " characters and from at most " + MAX_FROM);
        }
        SmsInbox.Original original = new SmsInbox.Original("webhook-body.json", "application/json", body);
        try {
            inbox.receive(
                    inbound.from(),
                    new ShortMessage(inbound.text(), Optional.empty(), problem),
                    "webhook:" + inbound.id(),
                    Map.of("via", "webhook"),
                    original);
            return new Outcome(200, "stored");
        } catch (RuntimeException e) {
            if (!SqlStates.isDatabaseError(e)) {
                throw e;
            }
            if (!SqlStates.refusesData(e)) {
                log.warn("webhook SMS {} not stored; the provider is told to retry", inbound.id(), e);
                return new Outcome(503, "not stored right now; send it again shortly");
            }
            log.warn(
                    "webhook SMS {} refused by the database; set aside with its body: {}",
                    inbound.id(),
                    SqlStates.serverMessage(e));
            inbox.setAside(original, "the database would not take its text");
            return new Outcome(200, "stored aside for a person to read");
        }
    }

    /** Signs a body the way a provider must; for clients and tests of this contract. */
    public String sign(long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hex(unixSeconds, body);
    }

    private Optional<String> checkSignature(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            return Optional.of("missing " + SIGNATURE_HEADER);
        }
        String timestamp = null;
        String signature = null;
        for (String item : header.split(",")) {
            String[] pair = item.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signature = pair[1];
            }
        }
        if (timestamp == null || signature == null) {
            return Optional.of(SIGNATURE_HEADER + " must be t=<seconds>,v1=<hex>");
        }
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Optional.of("the signature timestamp is not a number");
        }
        if (Math.abs(clock.instant().getEpochSecond() - signedAt) > tolerance.toSeconds()) {
            return Optional.of("the signature is too old or from the future");
        }
        if (!HmacSha256.same(
                hex(signedAt, body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("the signature does not match the body");
        }
        return Optional.empty();
    }

    private String hex(long unixSeconds, byte[] body) {
        return HexFormat.of().formatHex(hmac.sign((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII), body));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Inbound(String id, String from, String to, String text) {}
}
