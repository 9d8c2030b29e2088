package io.omniline.db.notify;

import io.omniline.db.RenderedStatement;
import io.omniline.runtime.Backoff;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL LISTEN/NOTIFY between Omniline nodes: what one node learns (an agent's phone
 * rings) reaches the node that holds that agent's socket. A notification is delivered when the
 * sending transaction commits and only to nodes listening at that moment, so it carries a
 * reference (ids), never the only copy of anything; payloads stay well under PostgreSQL's 8 KB.
 */
public final class Notifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration LAST_BACKOFF = Duration.ofSeconds(10);

    private final DSLContext dsl;
    private final DataSource dataSource;
    private final String channel;
    private final Consumer<String> receiver;
    private volatile boolean running = true;
    private volatile Connection listening;
    private final Thread loop;

    private Notifications(DSLContext dsl, DataSource dataSource, String channel, Consumer<String> receiver) {
        this.dsl = dsl;
        this.dataSource = dataSource;
        this.channel = channel;
        this.receiver = receiver;
        this.loop = Thread.ofVirtual().name("listen-" + channel).unstarted(this::listen);
    }

    /**
     * Listens on {@code channel} (a plain identifier) and hands each payload to {@code receiver}
     * on the listening thread; a lost connection is reopened with backoff.
     */
    public static Notifications listen(
            DSLContext dsl, DataSource dataSource, String channel, Consumer<String> receiver) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("channel must be a plain lowercase identifier: " + channel);
        }
        Notifications notifications = new Notifications(dsl, dataSource, channel, receiver);
        notifications.loop.start();
        return notifications;
    }

    /** Sends to every listening node (this one included). */
    public void publish(String payload) {
        send(dsl, channel, payload);
    }

    /**
     * Sends {@code payload} on {@code channel} through {@code dsl}: inside a transaction it goes
     * out when that transaction commits, and not at all if it rolls back.
     */
    public static void send(DSLContext dsl, String channel, String payload) {
        NOTIFY.fetch(dsl, channel, payload);
    }

    /** Sent with every stored message and every change an agent's page shows: rendered once (see RenderedStatement). */
    private static final RenderedStatement NOTIFY = RenderedStatement.of(DSL.select(DSL.field(
            "pg_notify({0}, {1})",
            String.class, DSL.param("channel", String.class), DSL.param("payload", String.class))));

    private void listen() {
        Backoff backoff = new Backoff(FIRST_BACKOFF, LAST_BACKOFF);
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                listening = connection;
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                backoff.reset();
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = postgres.getNotifications(POLL_MILLIS);
                    if (received == null) {
                        continue;
                    }
                    for (PGNotification notification : received) {
                        deliver(notification.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                Duration wait = backoff.next();
                log.warn(
                        "listening on {} failed ({}); listening again in {} ms",
                        channel,
                        e.getMessage(),
                        wait.toMillis());
                pause(wait);
            } finally {
                listening = null;
            }
        }
    }

    private void deliver(String payload) {
        try {
            receiver.accept(payload);
        } catch (RuntimeException e) {
            log.warn("a {} notification could not be handled", channel, e);
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops listening; the poll ends within half a second. */
    @Override
    public void close() {
        running = false;
        try {
            loop.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
