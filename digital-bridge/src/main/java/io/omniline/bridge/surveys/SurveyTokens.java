package io.omniline.bridge.surveys;

import io.omniline.customers.security.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The token in a rating link mailed to a customer: the interaction and an expiry, signed with
 * the server's secret. Nothing else can be read from it and nothing else can be forged into it;
 * that it is used once is kept by the survey itself (the first answer stands).
 */
public final class SurveyTokens {

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    /** Longer than any token this class makes; anything longer is not read at all. */
    private static final int MAX_LENGTH = 200;

    private final HmacSha256 hmac;
    private final Duration lifetime;
    private final Clock clock;

    public SurveyTokens(byte[] secret, Duration lifetime, Clock clock) {
        this.hmac = new HmacSha256(secret);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public String issue(long interactionId) {
        byte[] payload = (interactionId + "|" + clock.instant().plus(lifetime).getEpochSecond())
                .getBytes(StandardCharsets.UTF_8);
        return ENCODE.encodeToString(payload) + "." + ENCODE.encodeToString(hmac.sign(payload));
    }

    /** What a token presented on the rating page says. */
    public sealed interface Reading {
        record Valid(long interactionId) implements Reading {}

        record Expired() implements Reading {}

        /** Not one of ours: altered, truncated, made up. */
        record Forged() implements Reading {}
    }

    public Reading read(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return new Reading.Forged();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return new Reading.Forged();
        }
        try {
            byte[] payload = DECODE.decode(token.substring(0, dot));
            byte[] signature = DECODE.decode(token.substring(dot + 1));
            if (!HmacSha256.same(hmac.sign(payload), signature)) {
                return new Reading.Forged();
            }
            // Base64 leaves spare bits in a last character that a decoder ignores; a token is
            // ours only as it was issued, not in another spelling of the same bytes.
            if (!token.equals(ENCODE.encodeToString(payload) + "." + ENCODE.encodeToString(signature))) {
                return new Reading.Forged();
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 2) {
                return new Reading.Forged();
            }
            if (Long.parseLong(parts[1]) < clock.instant().getEpochSecond()) {
                return new Reading.Expired();
            }
            return new Reading.Valid(Long.parseLong(parts[0]));
        } catch (IllegalArgumentException e) {
            return new Reading.Forged();
        }
    }
}
