package io.omniline.server.api;

import io.omniline.bridge.desk.AgentDesk;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.db.NotFoundException;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.customer.IdentityReviewRepository;
import io.omniline.db.digital.DigitalQueueRepository;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.timeline.TimelineQuery;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * The agent's digital work over REST (until the desktop, issue 6, drives the same AgentDesk):
 * signing in for chats, emails and SMS with a capacity, taking, answering, transferring and
 * closing conversations; plus the customer timeline, explicit merges and the identity reviews.
 */
public final class DigitalApi {

    private static final int MAX_PAGE = 100;

    private final AgentDesk desk;
    private final DigitalRouter router;
    private final DigitalQueueRepository queue;
    private final InteractionRepository interactions;
    private final MessageRepository messages;
    private final CustomerRepository customers;
    private final IdentityReviewRepository reviews;
    private final TimelineQuery timeline;

    public DigitalApi(AgentDesk desk, DigitalRouter router, DSLContext dsl) {
        this.desk = desk;
        this.router = router;
        this.queue = new DigitalQueueRepository(dsl);
        this.interactions = new InteractionRepository(dsl);
        this.messages = new MessageRepository(dsl);
        this.customers = new CustomerRepository(dsl);
        this.reviews = new IdentityReviewRepository(dsl);
        this.timeline = new TimelineQuery(dsl);
    }

    public List<Route> routes() {
        return List.of(
                Route.of("PUT", "/api/agents/{id}/digital", request -> {
                    Presence body = request.body(Presence.class);
                    router.signIn(id(request, "id"), body.capacity() == null ? 3 : body.capacity());
                    return ApiResponse.ok(Map.of("agentId", id(request, "id"), "capacity", body.capacity() == null ? 3 : body.capacity()));
                }),
                Route.of("DELETE", "/api/agents/{id}/digital", request -> {
                    router.signOut(id(request, "id"));
                    return ApiResponse.noContent();
                }),
                Route.of("GET", "/api/agents/{id}/conversations", request -> ApiResponse.ok(queue.heldBy(id(request, "id")))),
                Route.of("POST", "/api/conversations/{id}/accept", request -> ApiResponse.ok(
                        desk.accept(id(request, "id"), request.body(ByAgent.class).agent()))),
                Route.of("GET", "/api/conversations/{id}/messages", request -> {
                    Interaction interaction = interaction(id(request, "id"));
                    return ApiResponse.ok(messages.transcript(interaction.id()));
                }),
                Route.of("POST", "/api/conversations/{id}/messages", request -> {
                    Reply body = request.body(Reply.class);
                    return ApiResponse.created(desk.reply(id(request, "id"), body.agent(), body.text()));
                }),
                Route.of("POST", "/api/conversations/{id}/close", request -> ApiResponse.ok(
                        desk.close(id(request, "id"), request.body(ByAgent.class).agent()))),
                Route.of("POST", "/api/conversations/{id}/wrap-up", request -> {
                    WrapUp body = request.body(WrapUp.class);
                    return ApiResponse.ok(desk.finishWrapUp(id(request, "id"), body.agent(), body.disposition(), body.notes()));
                }),
                Route.of("POST", "/api/conversations/{id}/transfer", request -> {
                    Transfer body = request.body(Transfer.class);
                    return ApiResponse.ok(desk.transfer(id(request, "id"), body.agent(), body.queue()));
                }),
                Route.of("POST", "/api/conversations/{id}/callback", request -> {
                    Callback body = request.body(Callback.class);
                    return ApiResponse.ok(desk.callBack(id(request, "id"), body.agent(), body.number()));
                }),
                Route.of("GET", "/api/customers/{id}/timeline", request -> {
                    long customer = customers.survivorOf(id(request, "id")).id();
                    int size = Math.min(MAX_PAGE, Integer.parseInt(request.query().getOrDefault("size", "20")));
                    String before = request.query().get("before");
                    Interaction after = before == null ? null : interaction(Long.parseLong(before));
                    return ApiResponse.ok(timeline.page(customer, size, after));
                }),
                Route.of("POST", "/api/customers/{id}/merge", request -> {
                    Merge body = request.body(Merge.class);
                    if (body.absorb() == null) {
                        throw new IllegalArgumentException("a merge names the customer to absorb: {\"absorb\": id}");
                    }
                    return ApiResponse.ok(customers.merge(id(request, "id"), body.absorb(), request.actor(),
                            body.reason() == null ? "" : body.reason()));
                }),
                Route.of("GET", "/api/identity-reviews", request -> ApiResponse.ok(reviews.open())),
                Route.of("POST", "/api/identity-reviews/{id}/resolve", request -> {
                    Decision body = request.body(Decision.class);
                    if (body.decision() == null || body.decision().isBlank()) {
                        throw new IllegalArgumentException("say what was decided: {\"decision\": \"merged\" | \"two people\"}");
                    }
                    reviews.resolve(id(request, "id"), request.actor(), body.decision());
                    return ApiResponse.noContent();
                }));
    }

    private Interaction interaction(long id) {
        return interactions.findById(id).orElseThrow(() -> new NotFoundException("interaction", id));
    }

    private static long id(ApiRequest request, String name) {
        try {
            return Long.parseLong(request.path(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was " + request.path(name));
        }
    }

    record Presence(Integer capacity) {
    }

    record ByAgent(long agent) {
    }

    record Reply(long agent, String text) {
    }

    record WrapUp(long agent, String disposition, String notes) {
    }

    record Transfer(long agent, String queue) {
    }

    record Callback(long agent, String number) {
    }

    record Merge(Long absorb, String reason) {
    }

    record Decision(String decision) {
    }
}
