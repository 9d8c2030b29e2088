package io.omniline.server.auth;

import io.omniline.db.StorableText;
import io.omniline.db.account.AccountRepository;
import io.omniline.db.account.LoginThrottleRepository;
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
 * Logs people in and recognises them again. Login tries are throttled per login and client
 * address (guessing one password from one place) and per address (trying many logins), on every
 * node alike because they are counted in the database, and counted before the password is
 * checked, so a burst of parallel tries gets no more checks than the limit. An attacker's
 * address does not lock the real user out from theirs. Tokens are 256 random bits; the database
 * keeps only their SHA-256.
 */
public final class Authenticator {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

    /** Tries allowed within the window: per login from one address, and per address whatever the login. */
    public record Throttle(int perLoginAndAddress, int perAddress, Duration window) {}

    private final AccountRepository accounts;
    private final WebSessionRepository sessions;
    private final LoginThrottleRepository tries;
    private final PasswordHasher hasher;
    private final WebSessionRepository.Lifetime lifetime;
    private final Throttle throttle;

    public Authenticator(
            AccountRepository accounts,
            WebSessionRepository sessions,
            LoginThrottleRepository tries,
            PasswordHasher hasher,
            WebSessionRepository.Lifetime lifetime,
            Throttle throttle) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.tries = tries;
        this.hasher = hasher;
        this.lifetime = lifetime;
        this.throttle = throttle;
    }

    /** @param address the client's address, as the trusted proxies report it */
    public LoginOutcome login(String login, String password, String address) {
        Optional<Long> wait = admit(login, address);
        if (wait.isPresent()) {
            return new LoginOutcome.Throttled(wait.get());
        }
        Optional<AccountRepository.Credentials> found = accounts.credentials(login);
        boolean good;
        if (found.isEmpty()) {
            hasher.burnOneCheck(password == null ? "" : password);
            good = false;
        } else {
            good = password != null
                    && !found.get().account().disabled()
                    && hasher.matches(password, found.get().passwordHash());
        }
        if (!good) {
            return new LoginOutcome.Refused();
        }
        tries.succeeded(login, address);
        String token = random();
        sessions.create(hash(token), found.get().account().id(), random(), lifetime);
        return new LoginOutcome.SignedIn(
                token, sessions.use(hash(token), lifetime).orElseThrow());
    }

    /**
     * A login refused before any password check, its body holding what no login can (a NUL
     * character): it still counts as a try, so such bodies are throttled like wrong passwords.
     *
     * @return {@link LoginOutcome.Throttled} when the tries are used up, else {@link LoginOutcome.Refused}
     */
    public LoginOutcome refuseUnreadable(String login, String address) {
        Optional<Long> wait = admit(StorableText.clean(login).text(), address);
        return wait.isPresent() ? new LoginOutcome.Throttled(wait.get()) : new LoginOutcome.Refused();
    }

    /** Counts a try of the login from the address; the wait before the next when the tries are used up. */
    private Optional<Long> admit(String login, String address) {
        return tries.admit(login, address, throttle.window(), throttle.perLoginAndAddress(), throttle.perAddress());
    }

    /** The session a cookie's token belongs to, if it is still good. */
    public Optional<WebSession> recognise(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return sessions.use(hash(token), lifetime);
    }

    /** Whether the token's session is still good; unlike {@link #recognise} this is not a use that slides it. */
    public boolean isLive(String token) {
        return token != null && !token.isBlank() && sessions.isLive(hash(token), lifetime);
    }

    public void logout(String token) {
        sessions.end(hash(token));
    }

    public WebSessionRepository.Lifetime lifetime() {
        return lifetime;
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
