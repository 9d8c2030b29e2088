package io.omniline.customers.link;

import io.omniline.customers.security.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * What a customer search (or a suggestion from a visitor's claim) hands the agent with each
 * result: a signed, short-lived grant to link that one interaction to that one customer. Linking
 * takes only these, so an agent links only a customer their search found, never an id they typed.
 */
public final class LinkTokens {

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final HmacSha256 hmac;
    private final Duration lifetime;
    private final Clock clock;

    public LinkTokens(byte[] secret, Duration lifetime, Clock clock) {
        this.hmac = new HmacSha256(secret);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** @param matchedBy how the customer was found (phone, email, account, name, claimed phone…), for the audit */
    public String issue(long interactionId, long customerId, String matchedBy) {
        String payload = interactionId + "|" + customerId + "|" + matchedBy + "|"
                + clock.instant().plus(lifetime).getEpochSecond();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODE.encodeToString(bytes) + "." + ENCODE.encodeToString(hmac.sign(bytes));
    }

    /** The link a token grants on this interaction; empty for a forged or expired one, or one for another interaction. */
    public Optional<Link> verify(String token, long interactionId) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        try {
            byte[] payload = DECODE.decode(token.substring(0, Math.max(dot, 0)));
            byte[] signature = DECODE.decode(token.substring(dot + 1));
            if (dot <= 0 || !HmacSha256.same(hmac.sign(payload), signature)) {
                return Optional.empty();
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 4
                    || Long.parseLong(parts[0]) != interactionId
                    || Long.parseLong(parts[3]) < clock.instant().getEpochSecond()) {
                return Optional.empty();
            }
            return Optional.of(new Link(Long.parseLong(parts[1]), parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public record Link(long customerId, String matchedBy) {}
}
