package io.omniline.server.auth;

import io.omniline.db.account.AccountRepository;
import io.omniline.db.account.LoginFailureRepository;
import io.omniline.db.account.WebSession;
import io.omniline.db.account.WebSessionRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Logs people in and recognises them again. Failed logins are throttled per login (against
 * guessing one password) and per address (against trying many logins), on every node alike
 * because the failures are counted in the database. Tokens are 256 random bits; the database
 * keeps only their SHA-256.
 */
public final class Authenticator {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

    /** Limits of the failure window. */
    public record Throttle(int perLogin, int perAddress, Duration window) {
    }

    private final AccountRepository accounts;
    private final WebSessionRepository sessions;
    private final LoginFailureRepository failures;
    private final PasswordHasher hasher;
    private final Duration sessionLifetime;
    private final Throttle throttle;

    public Authenticator(AccountRepository accounts, WebSessionRepository sessions, LoginFailureRepository failures,
                         PasswordHasher hasher, Duration sessionLifetime, Throttle throttle) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.failures = failures;
        this.hasher = hasher;
        this.sessionLifetime = sessionLifetime;
        this.throttle = throttle;
    }

    public LoginOutcome login(String login, String password, String address) {
        LoginFailureRepository.Counts recent = failures.recent(login, address, throttle.window());
        if (recent.byLogin() >= throttle.perLogin() || recent.byAddress() >= throttle.perAddress()) {
            return new LoginOutcome.Throttled(throttle.window().toSeconds());
        }
        Optional<AccountRepository.Credentials> found = accounts.credentials(login);
        boolean good;
        if (found.isEmpty()) {
            hasher.burnOneCheck(password == null ? "" : password);
            good = false;
        } else {
            good = password != null && !found.get().account().disabled()
                    && hasher.matches(password, found.get().passwordHash());
        }
        if (!good) {
            failures.record(login, address);
            return new LoginOutcome.Refused();
        }
        failures.clear(login);
        String token = random();
        sessions.create(hash(token), found.get().account().id(), random(), sessionLifetime);
        return new LoginOutcome.SignedIn(token, sessions.use(hash(token), sessionLifetime).orElseThrow());
    }

    /** The session a cookie's token belongs to, if it is still good. */
    public Optional<WebSession> recognise(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return sessions.use(hash(token), sessionLifetime);
    }

    public void logout(String token) {
        sessions.end(hash(token));
    }

    public Duration sessionLifetime() {
        return sessionLifetime;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return TOKEN.encodeToString(bytes);
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
