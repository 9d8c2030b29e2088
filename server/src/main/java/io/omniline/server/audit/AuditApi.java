package io.omniline.server.audit;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.omniline.db.Repositories;
import io.omniline.db.audit.AuditEntry;
import io.omniline.db.audit.AuditFilter;
import io.omniline.server.api.ApiResponse;
import io.omniline.server.api.Roles;
import io.omniline.server.api.Route;
import java.util.List;

/**
 * The audit log for admins: {@code GET /api/audit?who=&what=&from=&to=&before=&limit=}, newest
 * first, a page at a time; each entry carries its raw details and a sentence saying what happened.
 */
public final class AuditApi {

    /** One entry as the page shows it: the entry's fields at the top level of the JSON, and its sentence. */
    public record Entry(@JsonUnwrapped AuditEntry entry, String summary) {}

    /** @param before the next page's {@code before}, null on the last page */
    public record Page(List<Entry> entries, Long before) {}

    private final Repositories repositories;

    public AuditApi(Repositories repositories) {
        this.repositories = repositories;
    }

    public List<Route> routes() {
        return List.of(Route.of(
                "GET", "/api/audit", Roles.ADMIN, request -> ApiResponse.ok(page(AuditQuery.parse(request.query())))));
    }

    private Page page(AuditFilter filter) {
        // One more than asked tells whether there is a next page without counting the table.
        List<AuditEntry> found = repositories
                .auditLog()
                .search(new AuditFilter(
                        filter.actor(),
                        filter.action(),
                        filter.from(),
                        filter.to(),
                        filter.before(),
                        filter.limit() + 1));
        List<AuditEntry> shown = found.subList(0, Math.min(found.size(), filter.limit()));
        AuditWords words = new AuditWords(repositories);
        List<Entry> entries = shown.stream()
                .map(entry -> new Entry(entry, words.summary(entry)))
                .toList();
        Long before = found.size() > filter.limit() ? shown.getLast().id() : null;
        return new Page(entries, before);
    }
}
