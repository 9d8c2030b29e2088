package io.omniline.server.api;

import io.omniline.customers.MaskedIdentity;
import io.omniline.customers.history.CustomerHistory;
import io.omniline.customers.link.AgentLinks;
import io.omniline.customers.link.LinkTokens;
import io.omniline.customers.notes.CustomerNotes;
import io.omniline.customers.search.CustomerSearch;
import io.omniline.db.Repositories;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.server.workspace.Pops;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who a contact is, decided by a person: an agent searches for the customer the caller or visitor
 * says they are (by phone, email, account number or name; a few results, contact details masked),
 * checks, and links their call or conversation to one of the results. Only a result of their
 * search can be linked (each carries a signed grant for that contact), never an id typed in, and
 * both the search and the link are in the audit log. An unknown caller may also become a new
 * customer. Supervisors and admins may search without a contact; they do not take contacts, so
 * they do not link (they merge customers instead). Notes about a customer are read and written by
 * the agent serving them, and by supervisors and admins at any time.
 */
public final class CustomerApi {

    private final InteractionRepository interactions;
    private final CustomerSearch search;
    private final AgentLinks links;
    private final CustomerHistory history;
    private final CustomerNotes notes;
    private final Pops pops;

    public CustomerApi(Repositories repositories, IdentityNormalizer normalizer, LinkTokens tokens, Pops pops) {
        this.interactions = repositories.interactions();
        this.search = new CustomerSearch(repositories, normalizer);
        this.links = new AgentLinks(interactions, repositories.customerLinks(), tokens, normalizer);
        this.history = new CustomerHistory(repositories.customers(), interactions, repositories.timelines());
        this.notes = new CustomerNotes(repositories.customerNotes());
        this.pops = pops;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/api/customers/search", Roles.EVERYONE, request -> {
                    String forContact = request.query().get("interaction");
                    Long interaction = forContact == null ? null : parse(forContact);
                    if (request.isAgent()) {
                        if (interaction == null) {
                            throw new IllegalArgumentException(
                                    "say which contact the search is for: ?interaction=<id>&q=…");
                        }
                        inHand(interaction, request.agentId());
                    }
                    return ApiResponse.ok(search
                            .search(
                                    request.actor(),
                                    interaction,
                                    request.query().get("q"))
                            .stream()
                            .map(found -> result(found, request.isAgent() ? interaction : null))
                            .toList());
                }),
                // An unknown caller becomes a new customer, or is linked to one the agent found.
                Route.of("POST", "/api/calls/{id}/customer", Roles.AGENT, request -> {
                    Interaction call = OwnCalls.of(interactions, request);
                    CallerCustomer body = request.body(CallerCustomer.class);
                    if (body.customerId() != null) {
                        throw new IllegalArgumentException(
                                "a customer id is not a link: search with GET /api/customers/" + "search?interaction="
                                        + call.id() + "&q=… and send {\"link\": …} of the customer you checked");
                    }
                    links.linkCaller(call, body.link(), body.name(), request.actor());
                    Map<String, Object> pop = new LinkedHashMap<>(pops.of(call.id()));
                    pop.put("interactionId", call.id());
                    return ApiResponse.ok(pop);
                }),
                // A chat visitor, an email sender or an SMS sender the agent checked: their conversation joins the
                // customer.
                Route.of("POST", "/api/conversations/{id}/customer", Roles.AGENT, request -> {
                    Interaction conversation = inHand(request.number("id"), request.agentId());
                    Interaction linked = links.linkConversation(
                            conversation,
                            request.body(ConversationCustomer.class).link(),
                            request.actor());
                    Map<String, Object> view = new LinkedHashMap<>(pops.of(linked.id()));
                    view.put("interaction", linked);
                    return ApiResponse.ok(view);
                }),
                Route.of(
                        "GET",
                        "/api/customers/{id}/notes",
                        Roles.EVERYONE,
                        request -> ApiResponse.ok(notes.of(noteable(request)))),
                Route.of(
                        "POST",
                        "/api/customers/{id}/notes",
                        Roles.EVERYONE,
                        request -> ApiResponse.created(notes.add(
                                noteable(request), request.body(Note.class).body(), request.actor()))));
    }

    /** The customer whose notes the request is about: agents only while serving them, staff always. */
    private long noteable(ApiRequest request) {
        long customer = history.live(request.number("id"));
        if (request.isAgent() && !history.isServing(request.agentId(), customer)) {
            throw new ForbiddenException("customer " + customer + " is not one you are serving now");
        }
        return customer;
    }

    /** The contact, if the agent has it in hand now (ringing or offered, on, or in wrap-up). */
    private Interaction inHand(long interactionId, long agentId) {
        Interaction interaction = links.contact(interactionId);
        if (!links.isServing(interaction, agentId)) {
            throw new ForbiddenException("interaction " + interactionId + " is not one you are serving now");
        }
        return interaction;
    }

    private Map<String, Object> result(CustomerSearch.Found found, Long forInteraction) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("customerId", found.customer().id());
        result.put("displayName", found.customer().displayName());
        result.put(
                "identities",
                found.identities().stream()
                        .map(identity -> identity.kind().getLiteral() + " " + MaskedIdentity.of(identity))
                        .toList());
        result.put("matchedBy", found.matchedBy());
        if (forInteraction != null) {
            result.put("link", links.grant(forInteraction, found.customer().id(), found.matchedBy()));
        }
        return result;
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("interaction must be a number, was " + number);
        }
    }

    /** {@code customerId} is named only to be refused with a way forward: ids typed in are not links. */
    record CallerCustomer(String name, String link, Long customerId) {}

    record ConversationCustomer(String link) {}

    record Note(String body) {}
}
