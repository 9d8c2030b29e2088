package io.omniline.server.api;

import io.omniline.bridge.desk.AgentDesk;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.db.NotFoundException;
import io.omniline.db.Repositories;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.customer.IdentityReviewRepository;
import io.omniline.db.digital.DigitalQueueRepository;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.message.Attachment;
import io.omniline.db.message.AttachmentRepository;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.quickreply.QuickReplyRepository;
import io.omniline.db.digital.WorkListQuery;
import io.omniline.db.timeline.TimelineQuery;
import io.omniline.server.desktop.Pops;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's digital work over REST, as the signed-in agent (the agent is always the session's,
 * never a request parameter): signing in for chats, emails and SMS with a capacity, taking,
 * answering, transferring and closing conversations. Supervisors see any agent's load, merge
 * customers and settle identity reviews. An agent reads a customer's timeline only while serving
 * that customer (a call or conversation in hand), which is when the history is theirs to know.
 */
public final class DigitalApi {

    private static final int MAX_PAGE = 100;

    private final AgentDesk desk;
    private final DigitalRouter router;
    private final DigitalQueueRepository queue;
    private final InteractionRepository interactions;
    private final MessageRepository messages;
    private final AttachmentRepository attachments;
    private final WorkListQuery work;
    private final QuickReplyRepository quickReplies;
    private final CustomerRepository customers;
    private final IdentityReviewRepository reviews;
    private final TimelineQuery timeline;
    private final Pops pops;

    public DigitalApi(AgentDesk desk, DigitalRouter router, Repositories repositories, Pops pops) {
        this.desk = desk;
        this.router = router;
        this.queue = repositories.digitalQueue();
        this.interactions = repositories.interactions();
        this.messages = repositories.messages();
        this.attachments = repositories.attachments();
        this.work = repositories.workList();
        this.quickReplies = repositories.quickReplies();
        this.customers = repositories.customers();
        this.reviews = repositories.identityReviews();
        this.timeline = repositories.timelines();
        this.pops = pops;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("PUT", "/api/me/digital", Roles.AGENT, request -> {
                    Presence body = request.body(Presence.class);
                    int capacity = body.capacity() == null ? 3 : body.capacity();
                    router.signIn(request.agentId(), capacity);
                    return ApiResponse.ok(Map.of("agentId", request.agentId(), "capacity", capacity));
                }),
                Route.of("DELETE", "/api/me/digital", Roles.AGENT, request -> {
                    router.signOut(request.agentId());
                    return ApiResponse.noContent();
                }),
                Route.of("GET", "/api/me/conversations", Roles.AGENT, request -> ApiResponse.ok(queue.heldBy(request.agentId()))),
                Route.of("GET", "/api/me/work", Roles.AGENT, request -> ApiResponse.ok(work.heldBy(request.agentId()))),
                Route.of("GET", "/api/quick-replies", Roles.EVERYONE, request -> ApiResponse.ok(quickReplies.list())),
                Route.of("POST", "/api/quick-replies", Roles.ADMIN, request -> {
                    QuickReply body = request.body(QuickReply.class);
                    return ApiResponse.created(quickReplies.create(body.title() == null ? "" : body.title(),
                            body.body() == null ? "" : body.body(), request.actor()));
                }),
                Route.of("DELETE", "/api/quick-replies/{id}", Roles.ADMIN, request -> {
                    quickReplies.delete(request.number("id"), request.actor());
                    return ApiResponse.noContent();
                }),
                Route.of("GET", "/api/agents/{id}/conversations", Roles.STAFF, request -> ApiResponse.ok(queue.heldBy(request.number("id")))),
                Route.of("POST", "/api/conversations/{id}/accept", Roles.AGENT, request -> ApiResponse.ok(
                        desk.accept(request.number("id"), request.agentId()))),
                Route.of("GET", "/api/conversations/{id}", Roles.EVERYONE, request -> {
                    Interaction interaction = readable(request);
                    Map<String, Object> view = new LinkedHashMap<>(pops.of(interaction.id()));
                    view.put("interaction", interaction);
                    return ApiResponse.ok(view);
                }),
                Route.of("GET", "/api/conversations/{id}/messages", Roles.EVERYONE, request ->
                        ApiResponse.ok(messages.transcript(readable(request).id()))),
                Route.of("GET", "/api/conversations/{id}/attachments", Roles.EVERYONE, request ->
                        ApiResponse.ok(attachments.listOf(readable(request).id()))),
                Route.of("GET", "/api/conversations/{id}/attachments/{attachment}", Roles.EVERYONE, request -> {
                    long attachment = request.number("attachment");
                    byte[] content = attachments.find(readable(request).id(), attachment).map(Attachment::content)
                            .orElseThrow(() -> new NotFoundException("attachment", attachment));
                    // Served as bytes to save, never as a type the browser would render.
                    return ApiResponse.binary("application/octet-stream", content);
                }),
                Route.of("POST", "/api/conversations/{id}/messages", Roles.AGENT, request -> ApiResponse.created(
                        desk.reply(request.number("id"), request.agentId(), request.body(Reply.class).text()))),
                Route.of("POST", "/api/conversations/{id}/close", Roles.AGENT, request -> ApiResponse.ok(
                        desk.close(request.number("id"), request.agentId()))),
                Route.of("POST", "/api/conversations/{id}/wrap-up", Roles.AGENT, request -> {
                    WrapUp body = request.body(WrapUp.class);
                    return ApiResponse.ok(desk.finishWrapUp(request.number("id"), request.agentId(), body.disposition(), body.notes()));
                }),
                Route.of("POST", "/api/conversations/{id}/transfer", Roles.AGENT, request -> ApiResponse.ok(
                        desk.transfer(request.number("id"), request.agentId(), request.body(Transfer.class).queue()))),
                Route.of("POST", "/api/conversations/{id}/callback", Roles.AGENT, request -> ApiResponse.ok(
                        desk.callBack(request.number("id"), request.agentId(), request.body(Callback.class).number()))),
                Route.of("GET", "/api/customers/{id}/timeline", Roles.EVERYONE, request -> {
                    long customer = customers.survivorOf(request.number("id")).id();
                    if (request.isAgent() && !interactions.isServing(request.agentId(), customer)) {
                        throw new ForbiddenException("customer " + customer + " is not one you are serving now");
                    }
                    int size = Math.min(MAX_PAGE, Integer.parseInt(request.query().getOrDefault("size", "20")));
                    String before = request.query().get("before");
                    Interaction after = before == null ? null : interaction(Long.parseLong(before));
                    return ApiResponse.ok(timeline.page(customer, size, after));
                }),
                Route.of("POST", "/api/customers/{id}/merge", Roles.STAFF, request -> {
                    Merge body = request.body(Merge.class);
                    if (body.absorb() == null) {
                        throw new IllegalArgumentException("a merge names the customer to absorb: {\"absorb\": id}");
                    }
                    return ApiResponse.ok(customers.merge(request.number("id"), body.absorb(), request.actor(),
                            body.reason() == null ? "" : body.reason()));
                }),
                Route.of("GET", "/api/identity-reviews", Roles.STAFF, request -> ApiResponse.ok(reviews.open())),
                Route.of("POST", "/api/identity-reviews/{id}/resolve", Roles.STAFF, request -> {
                    Decision body = request.body(Decision.class);
                    if (body.decision() == null || body.decision().isBlank()) {
                        throw new IllegalArgumentException("say what was decided: {\"decision\": \"merged\" | \"two people\"}");
                    }
                    reviews.resolve(request.number("id"), request.actor(), body.decision());
                    return ApiResponse.noContent();
                }));
    }

    /** Agents read only what they hold; supervisors and admins read any conversation. */
    record QuickReply(String title, String body) {
    }

    private Interaction readable(ApiRequest request) {
        Interaction interaction = interaction(request.number("id"));
        if (request.isAgent() && !Long.valueOf(request.agentId()).equals(interaction.agentId())) {
            throw new ForbiddenException("interaction " + interaction.id() + " is not held by you");
        }
        return interaction;
    }

    private Interaction interaction(long id) {
        return interactions.findById(id).orElseThrow(() -> new NotFoundException("interaction", id));
    }

    record Presence(Integer capacity) {
    }

    record Reply(String text) {
    }

    record WrapUp(String disposition, String notes) {
    }

    record Transfer(String queue) {
    }

    record Callback(String number) {
    }

    record Merge(Long absorb, String reason) {
    }

    record Decision(String decision) {
    }
}
