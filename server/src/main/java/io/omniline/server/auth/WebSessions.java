package io.omniline.server.auth;

import io.omniline.db.Database;
import io.omniline.db.Repositories;
import io.omniline.db.account.AccountRepository;
import io.omniline.db.account.LoginThrottleRepository;
import io.omniline.db.account.WebSessionRepository;
import io.omniline.server.config.OmnilineConfig;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Everything about who is signed in on this node: the authenticator (logins, throttling,
 * sessions with an idle and an absolute lifetime), the cookie policy, the open push sockets by
 * account, and the purge of ended sessions; started together, closed together.
 */
public final class WebSessions implements AutoCloseable {

    private final Authenticator authenticator;
    private final SessionCookies cookies;
    private final SignedInSockets sockets;
    private final SessionPurge purge;

    private WebSessions(
            Authenticator authenticator, SessionCookies cookies, SignedInSockets sockets, SessionPurge purge) {
        this.authenticator = authenticator;
        this.cookies = cookies;
        this.sockets = sockets;
        this.purge = purge;
    }

    /** Creates the first admin on an empty database (its password to {@code console} when generated), then starts. */
    public static WebSessions start(
            OmnilineConfig config, Database database, PasswordHasher hasher, PrintStream console) {
        OmnilineConfig.Auth auth = config.auth();
        Repositories repositories = database.repositories();
        AccountRepository accounts = repositories.accounts();
        FirstAdmin.ensure(accounts, hasher, auth.adminPassword(), console);
        WebSessionRepository sessions = repositories.webSessions();
        LoginThrottleRepository tries = repositories.loginThrottle();
        WebSessionRepository.Lifetime lifetime = new WebSessionRepository.Lifetime(
                Duration.ofHours(auth.sessionHours()), Duration.ofHours(auth.sessionMaxHours()));
        Authenticator.Throttle throttle = new Authenticator.Throttle(
                auth.maxFailuresPerLoginAndAddress(),
                auth.maxFailuresPerAddress(),
                Duration.ofMinutes(auth.failureWindowMinutes()));
        Authenticator authenticator = new Authenticator(accounts, sessions, tries, hasher, lifetime, throttle);
        SignedInSockets sockets = new SignedInSockets(database);
        SessionPurge purge = new SessionPurge(sessions, tries, sockets, lifetime.absolute(), throttle.window())
                .start(Duration.ofMinutes(auth.sessionPurgeMinutes()));
        return new WebSessions(
                authenticator, new SessionCookies(config.http().secureCookies(), lifetime.absolute()), sockets, purge);
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public SessionCookies cookies() {
        return cookies;
    }

    public SignedInSockets sockets() {
        return sockets;
    }

    @Override
    public void close() {
        purge.close();
        sockets.close();
    }
}
