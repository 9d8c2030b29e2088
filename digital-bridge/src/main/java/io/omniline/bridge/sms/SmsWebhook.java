package io.omniline.bridge.sms;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.bridge.security.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Inbound SMS from providers that post JSON instead of speaking SMPP. The request must carry
 * {@code X-Omniline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">} made with the
 * shared secret; a missing, wrong or stale signature (older than the tolerance, against replay)
 * stores nothing. The body is {@code {"id": ..., "from": ..., "text": ...}}; the provider's id
 * makes a retried post land once.
 */
public final class SmsWebhook {

    public static final String SIGNATURE_HEADER = "X-Omniline-Signature";
    private static final ObjectMapper MAPPER = new ObjectMapper();

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
    public record Outcome(int status, String message) {
    }

    public Outcome receive(String signatureHeader, byte[] body) {
        Optional<String> refused = checkSignature(signatureHeader, body);
        if (refused.isPresent()) {
            return new Outcome(401, refused.get());
        }
        Inbound inbound;
        try {
            inbound = MAPPER.readValue(body, Inbound.class);
        } catch (java.io.IOException e) {
            return new Outcome(400, "the body must be a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (inbound == null || blank(inbound.id()) || blank(inbound.from()) || inbound.text() == null) {
            return new Outcome(400, "id, from and text are required");
        }
        inbox.receive(inbound.from(), new ShortMessage(inbound.text(), Optional.empty(), null), "webhook:" + inbound.id(),
                Map.of("via", "webhook"));
        return new Outcome(200, "stored");
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
        if (!HmacSha256.same(hex(signedAt, body).getBytes(StandardCharsets.US_ASCII),
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
    private record Inbound(String id, String from, String to, String text) {
    }
}
