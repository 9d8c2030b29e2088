package io.omniline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.omniline.db.account.AccountRole;
import io.omniline.db.audit.AuditEntry;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.AuthorKind;
import io.omniline.db.message.NewMessage;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notes about a customer over the API, on a running node: written by the agent serving them on one
 * channel, read by the next agent on another, refused (403) to an agent who is not serving them,
 * open to supervisors; refused in words beside the field when empty or too long; audited. And the
 * transcript's attachments: listed and downloaded under a name with no folders or bidi tricks.
 */
class CustomerNotesApiTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Omniline omniline;

    @BeforeAll
    static void start() throws Exception {
        omniline = Omniline.start(TestConfigs.forDatabase(db.settings()));
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
    }

    @Test
    void theAgentServingACustomerLeavesANoteTheNextAgentReadsOnAnotherChannel() throws Exception {
        InteractionRepository interactions = db.repositories().interactions();
        long mia =
                db.repositories().customers().create("Mia", Map.of(), List.of()).id();
        Agent ana = agent("Ana");
        Agent ben = agent("Ben");
        ApiClient sue =
                ApiClient.as(omniline, db.repositories(), "sue-" + UUID.randomUUID(), AccountRole.supervisor, null);
        String notes = "/api/customers/" + mia + "/notes";

        long call = interactions
                .open(NewInteraction.inboundCall(UUID.randomUUID().toString(), null, mia, "+14155550100"))
                .id();
        interactions.queue(call, "support", 0);
        interactions.answer(call, ana.id());

        assertThat(ana.call(
                                "POST",
                                notes,
                                body("Prefers email,\u0000 never calls").toString(),
                                400)
                        .get("error")
                        .asText())
                .as("what PostgreSQL cannot store is refused by its field, before the body is read")
                .isEqualTo("field \"body\" contains a NUL character (U+0000), which no text may hold");
        JsonNode hostile = body("<img src=x onerror=\"window.pwned = 1\">Prefers email, never calls after 6pm  ");
        JsonNode written = ana.call("POST", notes, hostile.toString(), 201);
        assertThat(written.get("body").asText())
                .as("kept as text, trimmed")
                .isEqualTo("<img src=x onerror=\"window.pwned = 1\">Prefers email, never calls after 6pm");
        assertThat(written.get("authorName").asText()).isEqualTo("Ana");
        assertThat(written.get("createdAt").asText()).isNotBlank();

        JsonNode refused = ben.call("GET", notes, null, 403);
        assertThat(refused.get("error").asText()).contains("not one you are serving now");
        ben.call("POST", notes, body("I was never here").toString(), 403);

        JsonNode empty = ana.call("POST", notes, body("   ").toString(), 400);
        assertThat(empty.get("error").asText()).isEqualTo("A note has 1 to 1000 characters.");
        assertThat(empty.get("field").asText()).isEqualTo("body");
        ana.call("POST", notes, body("x".repeat(1001)).toString(), 400);
        ana.call("POST", notes, "{}", 400);

        interactions.end(call, InteractionOutcome.completed);
        ana.call("GET", notes, null, 403);

        // The next contact is a chat, taken by Ben: Ana's note is in his customer column.
        long chat = interactions
                .open(NewInteraction.inboundMessage(
                        Channel.chat, UUID.randomUUID().toString(), mia, null))
                .id();
        interactions.queue(chat, "chat", 0);
        interactions.answer(chat, ben.id());
        JsonNode read = ben.call("GET", notes, null, 200);
        assertThat(read).hasSize(1);
        assertThat(read.get(0).get("authorName").asText()).isEqualTo("Ana");
        assertThat(read.get(0).get("body").asText()).startsWith("<img src=x");

        sue.call("POST", notes, body("Asked for a refund twice this year").toString(), 201);
        assertThat(sue.call("GET", notes, null, 200))
                .extracting(note -> note.get("body").asText())
                .as("newest first")
                .containsExactly(
                        "Asked for a refund twice this year",
                        "<img src=x onerror=\"window.pwned = 1\">Prefers email, never calls after 6pm");
        assertThat(new AuditLog(db.dsl()).forEntity("customer", mia))
                .extracting(AuditEntry::action)
                .containsExactly("customer.note", "customer.note");

        // Merged into another record, the person keeps their notes.
        long survivor = db.repositories()
                .customers()
                .create("Mia Rossi", Map.of(), List.of())
                .id();
        db.repositories().customers().merge(survivor, mia, "sue", "same person");
        assertThat(sue.call("GET", "/api/customers/" + survivor + "/notes", null, 200))
                .hasSize(2);
        assertThat(sue.call("GET", notes, null, 200))
                .as("the absorbed id reads the survivor's")
                .hasSize(2);
    }

    @Test
    void attachmentsAreListedAndDownloadedUnderANameWithoutFoldersControlCharactersOrBidiTricks() throws Exception {
        InteractionRepository interactions = db.repositories().interactions();
        Agent cai = agent("Cai");
        long email = interactions
                .open(NewInteraction.inboundMessage(
                        Channel.email, "<" + UUID.randomUUID() + "@example.com>", null, "Hi"))
                .id();
        interactions.queue(email, "email", 0);
        interactions.answer(email, cai.id());
        long message = db.repositories()
                .messages()
                .append(new NewMessage(
                        email, AuthorKind.customer, null, "see attached", "text/plain", null, null, null, Map.of()))
                .id();
        byte[] pdf = "%PDF-1.4 not really".getBytes(StandardCharsets.UTF_8);
        db.repositories().attachments().keep(message, "..\\..\\Windows\\invoice\u202Efdp.exe", "application/pdf", pdf);
        db.repositories().attachments().keep(message, "/etc/\u0007Übersicht\u200B 2026.pdf", "application/pdf", pdf);

        JsonNode listed = cai.call("GET", "/api/conversations/" + email + "/attachments", null, 200);
        assertThat(listed)
                .extracting(file -> file.get("fileName").asText())
                .containsExactly("invoicefdp.exe", "Übersicht 2026.pdf");
        assertThat(listed.get(0).get("sizeBytes").asLong()).isEqualTo(pdf.length);

        HttpResponse<byte[]> download = cai.api()
                .sendBytes(
                        "GET",
                        "/api/conversations/" + email + "/attachments/"
                                + listed.get(1).get("id").asLong(),
                        null,
                        null);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pdf);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"_bersicht 2026.pdf\"; filename*=UTF-8''%C3%9Cbersicht%202026.pdf");
    }

    private static JsonNode body(String text) {
        return JsonNodeFactory.instance.objectNode().put("body", text);
    }

    /** A signed-in agent and their agent id. */
    private record Agent(ApiClient api, long id) {

        JsonNode call(String method, String path, String body, int status) throws Exception {
            return api.call(method, path, body, status);
        }
    }

    private static Agent agent(String name) throws Exception {
        String login = name.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID();
        long id = db.repositories()
                .agents()
                .create(login, name, null, Map.of(), Map.of("support", 0), "test")
                .id();
        return new Agent(ApiClient.as(omniline, db.repositories(), login, AccountRole.agent, id), id);
    }
}
