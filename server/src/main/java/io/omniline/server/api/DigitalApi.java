package io.omniline.server.api;

import io.omniline.bridge.conversations.AgentDesk;
import io.omniline.bridge.conversations.DigitalWork;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.customers.history.CustomerHistory;
import io.omniline.customers.review.CustomerMerges;
import io.omniline.db.NotFoundException;
import io.omniline.db.Repositories;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.digital.DigitalQueueRepository;
import io.omniline.db.digital.WorkListQuery;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.message.Attachment;
import io.omniline.db.message.AttachmentRepository;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.quickreply.QuickReplyRepository;
import io.omniline.server.workspace.Pops;
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

    /** The longest merge reason the audit log is given. */
    private static final int MERGE_REASON = 500;

    private final AgentDesk desk;
    private final DigitalWork digital;
    private final DigitalQueueRepository queue;
    private final MessageRepository messages;
    private final AttachmentRepository attachments;
    private final WorkListQuery work;
    private final QuickReplyRepository quickReplies;
    private final CustomerHistory history;
    private final CustomerMerges merges;
    private final Pops pops;
    private final AgentRepository agents;

    public DigitalApi(AgentDesk desk, DigitalRouter router, Repositories repositories, Pops pops) {
        InteractionRepository interactions = repositories.interactions();
        CustomerRepository customers = repositories.customers();
        this.desk = desk;
        this.attachments = repositories.attachments();
        this.digital = new DigitalWork(router, interactions, attachments);
        this.queue = repositories.digitalQueue();
        this.messages = repositories.messages();
        this.work = repositories.workList();
        this.quickReplies = repositories.quickReplies();
        this.history = new CustomerHistory(customers, interactions, repositories.timelines());
        this.merges = new CustomerMerges(customers, repositories.identityReviews());
        this.pops = pops;
        this.agents = repositories.agents();
    }

    public List<Route> routes() {
        return List.of(
                Route.of("PUT", "/api/me/digital", Roles.AGENT, request -> {
                    Integer asked = request.body(Presence.class).capacity();
                    if (asked == null) {
                        throw new FieldProblem(
                                "capacity",
                                "say how many conversations you take at once: {\"capacity\": a whole number}");
                    }
                    int capacity = digital.signIn(request.agentId(), asked);
                    return ApiResponse.ok(Map.of("agentId", request.agentId(), "capacity", capacity));
                }),
                Route.of("DELETE", "/api/me/digital", Roles.AGENT, request -> {
                    digital.signOut(request.agentId());
                    return ApiResponse.noContent();
                }),
                Route.of(
                        "GET",
                        "/api/me/conversations",
                        Roles.AGENT,
                        request -> ApiResponse.ok(queue.heldBy(request.agentId()))),
                Route.of("GET", "/api/me/work", Roles.AGENT, request -> ApiResponse.ok(work.heldBy(request.agentId()))),
                Route.of("GET", "/api/quick-replies", Roles.EVERYONE, request -> ApiResponse.ok(quickReplies.list())),
                Route.of("POST", "/api/quick-replies", Roles.ADMIN, request -> {
                    QuickReply body = request.body(QuickReply.class);
                    return ApiResponse.created(quickReplies.create(
                            body.title() == null ? "" : body.title(),
                            body.body() == null ? "" : body.body(),
                            request.actor()));
                }),
                Route.of("DELETE", "/api/quick-replies/{id}", Roles.ADMIN, request -> {
                    quickReplies.delete(request.number("id"), request.actor());
                    return ApiResponse.noContent();
                }),
                Route.of("GET", "/api/agents/{id}/conversations", Roles.STAFF, request -> {
                    long agent = request.number("id");
                    if (agents.findById(agent).isEmpty()) {
                        throw new NotFoundException("agent", agent);
                    }
                    return ApiResponse.ok(queue.heldBy(agent));
                }),
                Route.of(
                        "POST",
                        "/api/conversations/{id}/accept",
                        Roles.AGENT,
                        request -> ApiResponse.ok(desk.accept(request.number("id"), request.agentId()))),
                Route.of("GET", "/api/conversations/{id}", Roles.EVERYONE, request -> {
                    Interaction interaction = readable(request);
                    Map<String, Object> view = new LinkedHashMap<>(pops.of(interaction.id()));
                    view.put("interaction", interaction);
                    return ApiResponse.ok(view);
                }),
                Route.of(
                        "GET",
                        "/api/conversations/{id}/messages",
                        Roles.EVERYONE,
                        request -> ApiResponse.ok(
                                messages.transcript(readable(request).id()))),
                Route.of(
                        "GET",
                        "/api/conversations/{id}/attachments",
                        Roles.EVERYONE,
                        request -> ApiResponse.ok(
                                attachments.listOf(readable(request).id()))),
                Route.of("GET", "/api/conversations/{id}/attachments/{attachment}", Roles.EVERYONE, request -> {
                    Attachment file = digital.attachment(readable(request), request.number("attachment"));
                    // Served as bytes to save under its cleaned name, never as a type the browser would render.
                    return ApiResponse.download(file.content(), file.fileName());
                }),
                Route.of(
                        "POST",
                        "/api/conversations/{id}/messages",
                        Roles.AGENT,
                        request -> ApiResponse.created(desk.reply(
                                request.number("id"),
                                request.agentId(),
                                request.body(Reply.class).text()))),
                // The visitor sees "… is typing"; the desk sends this at most every two seconds while the agent types.
                Route.of("POST", "/api/conversations/{id}/typing", Roles.AGENT, request -> {
                    desk.typing(request.number("id"), request.agentId());
                    return ApiResponse.noContent();
                }),
                Route.of(
                        "POST",
                        "/api/conversations/{id}/close",
                        Roles.AGENT,
                        request -> ApiResponse.ok(desk.close(request.number("id"), request.agentId()))),
                Route.of("POST", "/api/conversations/{id}/wrap-up", Roles.AGENT, request -> {
                    WrapUp body = request.body(WrapUp.class);
                    return ApiResponse.ok(desk.finishWrapUp(
                            request.number("id"), request.agentId(), body.disposition(), body.notes()));
                }),
                Route.of(
                        "POST",
                        "/api/conversations/{id}/transfer",
                        Roles.AGENT,
                        request -> ApiResponse.ok(desk.transfer(
                                request.number("id"),
                                request.agentId(),
                                request.body(Transfer.class).queue()))),
                Route.of(
                        "POST",
                        "/api/conversations/{id}/callback",
                        Roles.AGENT,
                        request -> ApiResponse.ok(desk.callBack(
                                request.number("id"),
                                request.agentId(),
                                request.body(Callback.class).number()))),
                Route.of("GET", "/api/customers/{id}/timeline", Roles.EVERYONE, request -> {
                    long customer = history.live(request.number("id"));
                    if (request.isAgent() && !history.isServing(request.agentId(), customer)) {
                        throw new ForbiddenException("customer " + customer + " is not one you are serving now");
                    }
                    long size = request.queryNumber("size", 20L, 1, CustomerHistory.MAX_PAGE, "a number of entries");
                    Long before = request.queryNumber(
                            "before", null, 1, Long.MAX_VALUE, "the id of the last entry of the previous page");
                    return ApiResponse.ok(history.page(customer, (int) size, before));
                }),
                Route.of("POST", "/api/customers/{id}/merge", Roles.STAFF, request -> {
                    Merge body = request.body(Merge.class);
                    String reason = body.reason() == null ? "" : body.reason().strip();
                    if (reason.isEmpty() || reason.length() > MERGE_REASON) {
                        throw new FieldProblem(
                                "reason",
                                "say why these are the same customer: \"reason\" is 1 to " + MERGE_REASON
                                        + " characters, and the audit log keeps it");
                    }
                    return ApiResponse.ok(merges.merge(request.number("id"), body.absorb(), request.actor(), reason));
                }),
                Route.of("GET", "/api/identity-reviews", Roles.STAFF, request -> ApiResponse.ok(merges.openReviews())),
                Route.of("POST", "/api/identity-reviews/{id}/resolve", Roles.STAFF, request -> {
                    merges.settle(
                            request.number("id"),
                            request.actor(),
                            request.body(Decision.class).decision());
                    return ApiResponse.noContent();
                }));
    }

    /** Agents read only what they hold; supervisors and admins read any conversation. */
    record QuickReply(String title, String body) {}

    private Interaction readable(ApiRequest request) {
        Interaction interaction = digital.conversation(request.number("id"));
        if (request.isAgent() && !digital.isHeldBy(interaction, request.agentId())) {
            throw new ForbiddenException("interaction " + interaction.id() + " is not held by you");
        }
        return interaction;
    }

    record Presence(Integer capacity) {}

    record Reply(String text) {}

    record WrapUp(String disposition, String notes) {}

    record Transfer(String queue) {}

    record Callback(String number) {}

    record Merge(Long absorb, String reason) {}

    record Decision(String decision) {}
}
