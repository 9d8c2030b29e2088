package io.omniline.db.account;

import java.time.OffsetDateTime;

/** A signed-in browser: whose it is, the CSRF token its page must send back, and when it expires. */
public record WebSession(Account account, String csrfToken, OffsetDateTime expiresAt) {}
