package io.omniline.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.auth.ResetPasswordCommand;
import io.omniline.server.prompts.Recordings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every change an admin makes lands in the audit log, and admins read it over the API: newest
 * first, a page at a time, filtered by who, what and when, each entry in words.
 */
class AuditApiTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Omniline omniline;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        omniline = Omniline.start(TestConfigs.forDatabase(db.settings()));
        admin = ApiClient.admin(omniline);
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
    }

    @Test
    void everyAdminChangeIsInTheAuditLogInWords() throws Exception {
        OffsetDateTime started = OffsetDateTime.now().minusSeconds(1);

        long sam = admin.call(
                        "POST",
                        "/api/accounts",
                        "{\"login\": \"sam\", \"password\": \"sam-password-1\", \"role\": \"supervisor\"}",
                        201)
                .get("id")
                .asLong();
        admin.call("PUT", "/api/accounts/" + sam, "{\"disabled\": true}", 200);
        admin.call("PUT", "/api/accounts/" + sam, "{\"password\": \"sam-password-2\"}", 200);
        long nina = admin.call(
                        "POST",
                        "/api/agents",
                        "{\"login\": \"nina\", \"displayName\": \"Nina\", \"sipInterface\": \"PJSIP/1005\","
                                + " \"queues\": {\"support\": 0}, \"skills\": {}, \"password\": \"nina-password-1\"}",
                        201)
                .at("/agent/id")
                .asLong();
        admin.call(
                "PUT",
                "/api/agents/" + nina,
                "{\"displayName\": \"Nina L\", \"sipInterface\": \"PJSIP/1005\", \"queues\": {\"sales\": 2},"
                        + " \"skills\": {\"french\": 5}, \"active\": false}",
                200);
        String hangup = "{\"start\": \"bye\", \"nodes\": {\"bye\": {\"type\": \"hangup\"}}}";
        admin.call("POST", "/api/flows", "{\"name\": \"audited\", \"definition\": " + hangup + "}", 201);
        admin.call("PUT", "/api/flows/audited/draft", "{\"definition\": " + hangup + "}", 200);
        admin.call("POST", "/api/flows/audited/publish", "{\"comment\": \"first\"}", 201);
        admin.call("POST", "/api/flows/audited/publish", "{\"comment\": \"second\"}", 201);
        admin.call("POST", "/api/flows/audited/rollback", "{\"version\": 1}", 201);
        admin.call("PUT", "/api/routes/%2B14155550123", "{\"flow\": \"audited\"}", 200);
        admin.call("DELETE", "/api/routes/%2B14155550123", null, 204);
        admin.sendBytes("PUT", "/api/prompts/audio?name=promo/audited&language=en", Recordings.stereoWav(8000), null);
        admin.call("DELETE", "/api/prompts/audio?name=promo/audited&language=en", null, 204);
        long reply = admin.call(
                        "POST", "/api/quick-replies", "{\"title\": \"Hours\", \"body\": \"We open at 8.\"}", 201)
                .get("id")
                .asLong();
        admin.call("DELETE", "/api/quick-replies/" + reply, null, 204);
        admin.call("POST", "/api/flows", "{\"name\": \"scratch\", \"definition\": " + hangup + "}", 201);
        admin.call("DELETE", "/api/flows/scratch", null, 204);
        admin.call("PUT", "/api/queues/support/settings", "{\"surveysEnabled\": true}", 200);
        new ResetPasswordCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(TestConfigs.forDatabase(db.settings()), "sam");

        JsonNode page = admin.call("GET", "/api/audit?limit=200&from=" + encode(started.toString()), null, 200);

        assertThat(summaries(page))
                .containsSubsequence(
                        "Set a new password for sam",
                        "Turned on the survey after calls of queue support",
                        "Deleted flow scratch",
                        "Created flow scratch",
                        "Deleted the quick reply \u201cHours\u201d",
                        "Added the quick reply \u201cHours\u201d",
                        "Deleted prompt promo/audited in en",
                        "Uploaded prompt promo/audited in en (1.0 s)",
                        "Removed the route of +14155550123",
                        "Routed +14155550123 to flow audited",
                        "Rolled flow audited back to version 1, live as version 3",
                        "Published flow audited as version 2: \u201csecond\u201d",
                        "Published flow audited as version 1: \u201cfirst\u201d",
                        "Saved the draft of flow audited",
                        "Created flow audited",
                        "Changed agent nina: phone PJSIP/1005, queues sales (2), skills french (5), not active",
                        "Created agent nina: phone PJSIP/1005, queues support (0), skills none",
                        "Set a new password for sam",
                        "Disabled the account sam",
                        "Created the supervisor account sam");
        JsonNode newest = page.get("entries").get(0);
        assertThat(newest.get("actor").asText()).isEqualTo("omniline reset-password");
        assertThat(newest.get("action").asText()).isEqualTo("account.update");
        assertThat(newest.at("/details/passwordReset").asBoolean()).isTrue();
        assertThat(newest.toString()).doesNotContain("$2");
        assertThat(page.get("before").isNull()).isTrue();
    }

    @Test
    void theLogIsFilteredByWhoWhatAndWhenAndReadAPageAtATime() throws Exception {
        for (String title : List.of("One", "Two", "Three")) {
            admin.call("POST", "/api/quick-replies", "{\"title\": \"" + title + "\", \"body\": \"text\"}", 201);
        }
        ApiClient other = ApiClient.as(omniline, db.repositories(), "olga", AccountRole.admin, null);
        other.call("POST", "/api/quick-replies", "{\"title\": \"Olga's\", \"body\": \"text\"}", 201);

        JsonNode first = admin.call("GET", "/api/audit?what=quick-reply.create&who=admin&limit=2", null, 200);
        assertThat(summaries(first))
                .containsExactly("Added the quick reply \u201cThree\u201d", "Added the quick reply \u201cTwo\u201d");
        JsonNode second = admin.call(
                "GET",
                "/api/audit?what=quick-reply.create&who=admin&limit=2&before="
                        + first.get("before").asLong(),
                null,
                200);
        assertThat(summaries(second)).startsWith("Added the quick reply \u201cOne\u201d");

        assertThat(summaries(admin.call("GET", "/api/audit?what=quick-reply&who=OLGA", null, 200)))
                .containsExactly("Added the quick reply \u201cOlga's\u201d");
        assertThat(summaries(admin.call("GET", "/api/audit?what=quick", null, 200)))
                .as("what is a whole kind of change, not any prefix")
                .isEmpty();
        String future = encode(OffsetDateTime.now().plusDays(1).toString());
        assertThat(summaries(admin.call("GET", "/api/audit?from=" + future, null, 200)))
                .isEmpty();
        assertThat(summaries(admin.call("GET", "/api/audit?who=olga&to=" + future, null, 200)))
                .hasSize(1);
    }

    @Test
    void whoFindsAnyPartOfALoginOrAnAgentsNameInAnyCaseAndWildcardsAreLiteral() throws Exception {
        long rosa = db.repositories()
                .agents()
                .create("rosa", "Rosa Martínez", "PJSIP/1301", Map.of(), Map.of(), "test")
                .id();
        ApiClient underscored = ApiClient.as(omniline, db.repositories(), "ana_b", AccountRole.admin, rosa);
        ApiClient lookalike = ApiClient.as(omniline, db.repositories(), "anaxb", AccountRole.admin, null);
        underscored.call("POST", "/api/quick-replies", "{\"title\": \"Ana's\", \"body\": \"text\"}", 201);
        lookalike.call("POST", "/api/quick-replies", "{\"title\": \"Lookalike's\", \"body\": \"text\"}", 201);

        assertThat(summaries(audit("what=quick-reply.create&who=" + encode("NA_"))))
                .as("part of the login, any case, and _ is only an underscore")
                .containsExactly("Added the quick reply \u201cAna's\u201d");
        assertThat(summaries(audit("what=quick-reply.create&who=" + encode("martín"))))
                .as("part of the name of the account's agent")
                .containsExactly("Added the quick reply \u201cAna's\u201d");
        assertThat(summaries(audit("what=quick-reply.create&who=" + encode("anaxb"))))
                .containsExactly("Added the quick reply \u201cLookalike's\u201d");
        assertThat(summaries(audit("who=" + encode("%"))))
                .as("%% is only a percent sign")
                .isEmpty();
        assertThat(summaries(audit("who=" + encode("a%b")))).isEmpty();
        assertThat(summaries(audit("who=" + encode("' or ''='")))).isEmpty();
    }

    private static JsonNode audit(String query) throws Exception {
        return admin.call("GET", "/api/audit?" + query, null, 200);
    }

    @Test
    void badQuestionsAreRefusedInWordsNamingTheField() throws Exception {
        assertRefused("from=yesterday", "from", "from must be a time with its offset, like 2026-12-01T09:00:00Z");
        assertRefused("what=DROP%20TABLE", "what", "what is a kind of change such as flow, prompt or account");
        assertRefused("limit=0", "limit", "limit is a number of entries from 1 to 200");
        assertRefused("limit=lots", "limit", "limit is a number of entries from 1 to 200");
        assertRefused("before=-3", "before", "before is the number of an entry");
        assertRefused("who=" + "x".repeat(101), "who", "who is part of a login or a name, at most 100 characters");
        assertRefused(
                "from=2026-12-02T00:00Z&to=2026-12-01T00:00Z", "to", "the end of the period must be after its start");
    }

    @Test
    void onlyAdminsReadTheLog() throws Exception {
        ApiClient supervisor = ApiClient.as(omniline, db.repositories(), "sue", AccountRole.supervisor, null);
        supervisor.call("GET", "/api/audit", null, 403);
    }

    private static void assertRefused(String query, String field, String words) throws Exception {
        JsonNode refused = admin.call("GET", "/api/audit?" + query, null, 400);
        assertThat(refused.get("field").asText()).isEqualTo(field);
        assertThat(refused.get("error").asText()).startsWith(words);
    }

    private static List<String> summaries(JsonNode page) {
        List<String> summaries = new ArrayList<>();
        page.get("entries").forEach(entry -> summaries.add(entry.get("summary").asText()));
        return summaries;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
