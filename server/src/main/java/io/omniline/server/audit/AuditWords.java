package io.omniline.server.audit;

import io.omniline.db.Repositories;
import io.omniline.db.account.Account;
import io.omniline.db.agent.Agent;
import io.omniline.db.audit.AuditEntry;
import io.omniline.db.flow.FlowDraft;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An audit entry as a sentence an admin reads ("Published flow main as version 3: new menu"):
 * the entry keeps ids (a flow, an account), so the names are looked up once per page of entries.
 * An entry whose flow or account has since been deleted says so by its number.
 */
final class AuditWords {

    private final Map<String, String> flows;
    private final Map<String, String> accounts;
    private final Map<String, String> agents;

    AuditWords(Repositories repositories) {
        this.flows = byId(repositories.flows().list(), draft -> String.valueOf(draft.id()), FlowDraft::name);
        this.accounts = byId(repositories.accounts().list(), account -> String.valueOf(account.id()), Account::login);
        this.agents = byId(repositories.agents().list(), agent -> String.valueOf(agent.id()), Agent::login);
    }

    private static <T> Map<String, String> byId(List<T> items, Function<T, String> id, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(id, name, (first, second) -> first));
    }

    String summary(AuditEntry entry) {
        Map<String, Object> details = entry.details();
        String id = entry.entityId();
        return switch (entry.action()) {
            case "account.create" -> "Created the " + details.get("role") + " account " + details.get("login");
            case "account.update" -> accountChange(accounts.getOrDefault(id, "number " + id), details);
            case "agent.create" -> "Created agent " + details.get("login") + agentSettings(details);
            case "agent.update" ->
                "Changed agent " + details.get("login") + agentSettings(details) + ", "
                        + (Boolean.TRUE.equals(details.get("active")) ? "active" : "not active");
            case "agent.softphone.set" -> "Gave agent " + agent(id) + " the softphone in the page";
            case "agent.softphone.remove" -> "Moved agent " + agent(id) + " back to the desk phone";
            case "flow.create" -> "Created flow " + details.get("name");
            case "flow.draft.save" -> "Saved the draft of flow " + flow(id, details);
            case "flow.delete" -> "Deleted flow " + details.get("name");
            case "flow.publish" ->
                "Published flow " + flow(id, details) + " as version " + details.get("version") + comment(details);
            case "flow.rollback" ->
                "Rolled flow " + flow(id, details) + " back to version " + details.get("restores")
                        + ", live as version " + details.get("version") + comment(details);
            case "number.route" -> "Routed " + id + " to flow " + details.get("flow");
            case "number.unroute" -> "Removed the route of " + id;
            case "prompt.upload" -> "Uploaded prompt " + id + " in " + details.get("language") + seconds(details);
            case "prompt.delete" -> "Deleted prompt " + id + " in " + details.get("language");
            case "queue.settings" ->
                (Boolean.TRUE.equals(details.get("surveysEnabled")) ? "Turned on" : "Turned off")
                        + " the survey after calls of queue " + id;
            case "quick-reply.create" -> "Added the quick reply \u201c" + details.get("title") + "\u201d";
            case "quick-reply.delete" -> "Deleted the quick reply \u201c" + details.get("title") + "\u201d";
            case "customer.merge" ->
                "Merged customer " + details.get("absorbed") + " into customer " + details.get("survivor")
                        + (details.get("reason") == null ? "" : ": " + details.get("reason"));
            case "interaction.customer.linked" ->
                "Linked conversation " + id + " to customer " + details.get("customer");
            case "interaction.customer.created" ->
                "Made customer " + details.get("customer") + " for conversation " + id + " (" + details.get("kind")
                        + " " + details.get("value") + ")";
            case "interaction.customer.proved" ->
                "The contact of conversation " + id + " proved their "
                        + details.get("kind") + " " + details.get("value") + " with a one-time code (customer "
                        + details.get("customer") + ")";
            case "identity.review.resolve" -> "Resolved identity review " + id + ": " + details.get("decision");
            default -> entry.action() + " of " + entry.entityKind() + " " + id;
        };
    }

    private static String accountChange(String login, Map<String, Object> details) {
        List<String> changes = new ArrayList<>();
        if (details.get("disabled") instanceof Boolean disabled) {
            changes.add((disabled ? "Disabled" : "Enabled") + " the account " + login);
        }
        if (Boolean.TRUE.equals(details.get("passwordReset"))) {
            changes.add((changes.isEmpty() ? "Set" : "set") + " a new password for " + login);
        }
        return changes.isEmpty() ? "Changed the account " + login : String.join(" and ", changes);
    }

    private static String agentSettings(Map<String, Object> details) {
        return ": phone " + (details.get("sipInterface") == null ? "none" : details.get("sipInterface")) + ", queues "
                + levels(details.get("queues")) + ", skills " + levels(details.get("skills"));
    }

    /** {"support": 0, "sales": 2} → "sales (2), support (0)"; "none" when empty. */
    private static String levels(Object value) {
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(map).forEach((name, level) -> parts.add(name + " (" + level + ")"));
        return String.join(", ", parts);
    }

    private String flow(String id, Map<String, Object> details) {
        Object name = details.get("name");
        return name != null ? name.toString() : flows.getOrDefault(id, "number " + id + " (since deleted)");
    }

    private String agent(String id) {
        return agents.getOrDefault(id, "number " + id);
    }

    private static String comment(Map<String, Object> details) {
        Object comment = details.get("comment");
        return comment == null || comment.toString().isBlank() ? "" : ": \u201c" + comment + "\u201d";
    }

    private static String seconds(Map<String, Object> details) {
        return details.get("durationMs") instanceof Number ms
                ? String.format(Locale.ROOT, " (%.1f s)", ms.doubleValue() / 1000)
                : "";
    }
}
