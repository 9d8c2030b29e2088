package io.omniline.bridge.channels.chat;

import io.omniline.customers.security.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The widget's proof of which conversation it holds: {@code conversationId.issuedAt.signature},
 * HMAC-SHA256 signed with the gateway's secret, so a visitor cannot read someone else's chat
 * by guessing an id. Tokens expire; an expired one starts a fresh chat.
 */
public final class VisitorTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final HmacSha256 hmac;
    private final Duration lifetime;
    private final Clock clock;

    public VisitorTokens(byte[] secret, Duration lifetime, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the chat token secret needs at least 32 bytes");
        }
        this.hmac = new HmacSha256(secret);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public String issue(String conversationId) {
        String payload = conversationId + "." + clock.instant().getEpochSecond();
        return payload + "." + sign(payload);
    }

    /** The conversation id of a genuine, unexpired token. */
    public Optional<String> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int last = token.lastIndexOf('.');
        int middle = last < 0 ? -1 : token.lastIndexOf('.', last - 1);
        if (middle <= 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, last);
        byte[] given = token.substring(last + 1).getBytes(StandardCharsets.US_ASCII);
        if (!HmacSha256.same(sign(payload).getBytes(StandardCharsets.US_ASCII), given)) {
            return Optional.empty();
        }
        try {
            long issuedAt = Long.parseLong(token.substring(middle + 1, last));
            if (clock.instant().getEpochSecond() - issuedAt > lifetime.toSeconds()) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(token.substring(0, middle));
    }

    private String sign(String payload) {
        return ENCODER.encodeToString(hmac.sign(payload.getBytes(StandardCharsets.UTF_8)));
    }
}
