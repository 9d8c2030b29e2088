package io.omniline.server.supervisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.account.AccountRole;
import io.omniline.db.account.WebSession;
import io.omniline.server.auth.AuthHandler;
import io.omniline.server.auth.Authenticator;
import io.omniline.server.auth.SignedInSockets;
import io.omniline.server.http.JsonRefusal;
import io.omniline.telephony.live.LiveModelStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisors' wallboard feed ({@code /supervisor/socket}): a tile per queue — waiting callers,
 * longest wait, agents by state from the AMI model, today's service level, the chats, emails and
 * SMS waiting and in progress, each against its threshold — pushed whenever they change, checked a few times a second so a burst of AMI events costs one frame, not one each.
 * Each frame says whether the live model is complete, and if not why, and whether the database
 * answers, so the wallboard never shows a partial picture as the whole. The agents table rides
 * in the same frame.
 */
public final class LiveFeed implements AutoCloseable {

    public static final String PATH = "/supervisor/socket";
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private final Supplier<List<QueueTile>> queues;
    private final Supplier<LiveModelStatus> liveModel;
    private final Supplier<List<FloorAgent>> agents;
    private final ObjectMapper mapper;
    private final Set<Session> watchers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("live-feed").factory());
    private volatile String last = "";
    private volatile List<FloorAgent> lastAgents = List.of();

    public LiveFeed(
            Supplier<List<QueueTile>> queues,
            Supplier<LiveModelStatus> liveModel,
            Supplier<List<FloorAgent>> agents,
            ObjectMapper mapper,
            Duration every) {
        this.queues = queues;
        this.liveModel = liveModel;
        this.agents = agents;
        this.mapper = mapper;
        ticker.scheduleWithFixedDelay(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Upgrades supervisors' and admins' sessions only; signing the account out closes the socket. */
    public WebSocketCreator creator(Authenticator authenticator, SignedInSockets signedIn) {
        return (request, response, callback) -> {
            String token = AuthHandler.token(request);
            Optional<WebSession> session = authenticator.recognise(token);
            if (session.isEmpty()) {
                JsonRefusal.write(response, callback, 401, "sign in first");
                return null;
            }
            if (session.get().account().role() == AccountRole.agent) {
                JsonRefusal.write(response, callback, 403, "the wallboard is for supervisors and admins");
                return null;
            }
            return new WallboardSocket(this, signedIn, session.get().account().id(), () -> authenticator.isLive(token));
        };
    }

    private void tick() {
        try {
            String now = snapshot();
            if (!now.equals(last)) {
                last = now;
                watchers.forEach(watcher -> watcher.sendText(now, Callback.NOOP));
            }
        } catch (RuntimeException e) {
            log.warn("live queue feed failed; the next tick retries", e);
        }
    }

    void watch(Session session) {
        watchers.add(session);
        session.sendText(snapshot(), Callback.NOOP);
    }

    void unwatch(Session session) {
        watchers.remove(session);
    }

    private String snapshot() {
        try {
            LiveModelStatus status = liveModel.get();
            Map<String, Object> live = new LinkedHashMap<>();
            live.put("complete", status.complete());
            live.put("reason", status.reason());
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("type", "queues");
            frame.put("queues", queues.get());
            frame.put("liveModel", live);
            frame.put("database", readAgents());
            frame.put("agents", lastAgents);
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("queue snapshots are plain records", e);
        }
    }

    /** The agents table; while the database does not answer, the last one, and the frame says so. */
    private Map<String, Object> readAgents() {
        Map<String, Object> database = new LinkedHashMap<>();
        try {
            lastAgents = agents.get();
            database.put("connected", true);
        } catch (RuntimeException e) {
            log.warn("the floor's agents could not be read; the next tick retries", e);
            database.put("connected", false);
            database.put("reason", "the database is not answering");
        }
        return database;
    }

    /** Lets a tick that is reading today's figures finish rather than cutting its database connection. */
    @Override
    public void close() {
        ticker.shutdown();
        try {
            if (!ticker.awaitTermination(5, TimeUnit.SECONDS)) {
                ticker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
