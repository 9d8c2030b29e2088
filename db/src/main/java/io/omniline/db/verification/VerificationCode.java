package io.omniline.db.verification;

import io.omniline.db.identity.Identity;
import java.time.OffsetDateTime;

/** A one-time code sent to a claimed phone or address; only its keyed hash is kept. */
public record VerificationCode(
        long id,
        long interactionId,
        Identity sentTo,
        byte[] codeHash,
        OffsetDateTime createdAt,
        OffsetDateTime expiresAt,
        int attempts,
        OffsetDateTime usedAt) {}
