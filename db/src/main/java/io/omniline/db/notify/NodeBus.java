package io.omniline.db.notify;

import io.omniline.db.Database;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one channel between Omniline nodes: what one node learns that a socket held by another
 * node must show (an agent's desktop frame, a chat visitor's frame) crosses here, over a single
 * PostgreSQL LISTEN/NOTIFY channel, by topic. A notice carries ids only; the node that holds the
 * socket reads the rest from the database. A notice reaches only nodes listening when it is sent,
 * so it is never the only copy of anything: a socket that reconnects is sent the state again.
 */
public final class NodeBus implements AutoCloseable {

    /** The LISTEN/NOTIFY channel every node's bus listens on. */
    public static final String CHANNEL = "omniline_bus";

    private static final Logger log = LoggerFactory.getLogger(NodeBus.class);

    private final String node = UUID.randomUUID().toString();
    private final Map<String, Consumer<String>> topics = new ConcurrentHashMap<>();
    private final Notifications notifications;

    private NodeBus(DSLContext dsl, DataSource dataSource) {
        this.notifications = Notifications.listen(dsl, dataSource, CHANNEL, this::received);
    }

    /** Listens from now on (on one connection of {@code dataSource}, reopened when lost). */
    public static NodeBus start(DSLContext dsl, DataSource dataSource) {
        return new NodeBus(dsl, dataSource);
    }

    /** Listens from now on, on one connection of the database's pool, reopened when lost. */
    public static NodeBus start(Database database) {
        return new NodeBus(database.dsl(), database.dataSource());
    }

    /**
     * Hands {@code receiver} the body of every notice on {@code topic} sent by another node, on the
     * bus's listening thread, in the order they were sent; this node's own notices it has handled
     * already, so they are not handed back.
     */
    public void subscribe(String topic, Consumer<String> receiver) {
        if (topics.putIfAbsent(checked(topic), receiver) != null) {
            throw new IllegalStateException("topic " + topic + " has a receiver already");
        }
    }

    /** Sends {@code body} (ids, well under PostgreSQL's 8,000 bytes) to the other nodes. */
    public void publish(String topic, String body) {
        notifications.publish(checked(topic) + "\n" + node + "\n" + body);
    }

    private void received(String payload) {
        String[] parts = payload.split("\n", 3);
        if (parts.length < 3) {
            log.warn("a notice on {} without topic and node was ignored", CHANNEL);
            return;
        }
        if (parts[1].equals(node)) {
            return;
        }
        Consumer<String> receiver = topics.get(parts[0]);
        if (receiver != null) {
            receiver.accept(parts[2]);
        }
    }

    private static String checked(String topic) {
        if (!topic.matches("[a-z][a-z-]*")) {
            throw new IllegalArgumentException("a topic is a lowercase word: " + topic);
        }
        return topic;
    }

    @Override
    public void close() {
        notifications.close();
    }
}
