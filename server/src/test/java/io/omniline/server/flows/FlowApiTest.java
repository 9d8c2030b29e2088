package io.omniline.server.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.db.account.AccountRole;
import io.omniline.db.audit.AuditEntry;
import io.omniline.db.interaction.IvrStep;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.api.AdminApi;
import io.omniline.server.api.CallApi;
import io.omniline.server.api.CustomerApi;
import io.omniline.server.api.DigitalApi;
import io.omniline.server.api.PhoneApi;
import io.omniline.server.callbacks.CallbackApi;
import io.omniline.server.prompts.PromptApi;
import io.omniline.server.softphone.SoftphoneApi;
import io.omniline.server.voicemail.VoicemailApi;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin API over real HTTP against a running Omniline on real PostgreSQL. */
class FlowApiTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Omniline omniline;
    private static ApiClient admin;

    private static final String BROKEN = """
            {"start": "menu", "nodes": {
              "menu": {"type": "menu", "prompt": "omniline/main-menu", "options": {"1": "sales", "2": "nowhere"}},
              "sales": {"type": "queue", "queue": "sales"}}}""";
    private static final String FIXED = """
            {"start": "menu", "nodes": {
              "menu": {"type": "menu", "prompt": "omniline/main-menu", "options": {"1": "sales", "2": "support"},
                       "timeoutSeconds": 5, "fallback": "support"},
              "sales": {"type": "queue", "queue": "sales"},
              "support": {"type": "queue", "queue": "support"}}}""";

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
    void theExampleFlowsArePublishedAndRoutedOnAFreshDatabase() throws Exception {
        JsonNode flows = call("GET", "/api/flows", null, 200);
        assertThat(names(flows)).contains("after-hours", "main");
        for (JsonNode flow : flows) {
            if (List.of("main", "after-hours").contains(flow.get("name").asText())) {
                assertThat(flow.get("publishedVersion").asInt())
                        .as(flow.get("name").asText())
                        .isPositive();
            }
        }

        JsonNode routes = call("GET", "/api/routes", null, 200);
        assertThat(routes.toString()).contains("\"number\":\"100\"").contains("\"flowName\":\"main\"");
    }

    @Test
    void editValidatePublishFixRollBack() throws Exception {
        String name = unique();
        JsonNode created =
                call("POST", "/api/flows", "{\"name\": \"" + name + "\", \"definition\": " + BROKEN + "}", 201);
        assertThat(created.at("/flow/definition/start").asText()).isEqualTo("menu");
        assertThat(created.at("/problems").toString())
                .contains("\"nodeId\":\"menu\"")
                .contains("goes to \\\"nowhere\\\", which is not a node of this flow");

        JsonNode refused = call("POST", "/api/flows/" + name + "/publish", "{\"comment\": \"first\"}", 422);
        assertThat(refused.at("/error").asText()).contains("cannot be published");
        assertThat(refused.at("/problems").size()).isGreaterThanOrEqualTo(3);
        assertThat(call("GET", "/api/flows/" + name + "/versions", null, 200)).isEmpty();

        JsonNode saved = call("PUT", "/api/flows/" + name + "/draft", "{\"definition\": " + FIXED + "}", 200);
        assertThat(saved.at("/problems")).isEmpty();
        assertThat(call("POST", "/api/flows/" + name + "/validate", null, 200).at("/problems"))
                .isEmpty();

        ApiClient carol = ApiClient.as(omniline, db.repositories(), "carol", AccountRole.admin, null);
        assertThat(carol.call("POST", "/api/flows/" + name + "/publish", "{\"comment\": \"v1\"}", 201)
                        .at("/version")
                        .asInt())
                .isEqualTo(1);
        call(
                "PUT",
                "/api/flows/" + name + "/draft",
                "{\"definition\": " + FIXED.replace("\"1\": \"sales\"", "\"1\": \"support\"") + "}",
                200);
        assertThat(call("POST", "/api/flows/" + name + "/publish", null, 201)
                        .at("/version")
                        .asInt())
                .isEqualTo(2);

        JsonNode diff = call("GET", "/api/flows/" + name + "/diff?from=1&to=2", null, 200);
        assertThat(diff.at("/changes/0/node").asText()).isEqualTo("menu");
        assertThat(diff.at("/changes/0/field").asText()).isEqualTo("options");

        JsonNode rollback = call(
                "POST",
                "/api/flows/" + name + "/rollback",
                "{\"version\": 1, \"comment\": \"v2 sent sales to support\"}",
                201);
        assertThat(rollback.at("/version").asInt()).isEqualTo(3);
        assertThat(rollback.at("/sourceVersion").asInt()).isEqualTo(1);
        assertThat(call("GET", "/api/flows/" + name + "/versions/3", null, 200)
                        .at("/definition/nodes/menu/options/1")
                        .asText())
                .isEqualTo("sales");
        assertThat(call("GET", "/api/flows/" + name + "/versions", null, 200)).hasSize(3);
        assertThat(call("POST", "/api/flows/" + name + "/rollback", "{\"version\": 99}", 404)
                        .at("/error")
                        .asText())
                .isEqualTo("version 99 of flow " + name + " does not exist");

        long flowId =
                call("GET", "/api/flows/" + name, null, 200).at("/flow/id").asLong();
        assertThat(db.repositories().auditLog().forEntity("ivr_flow", flowId))
                .extracting(AuditEntry::actor)
                .contains("carol", "admin");
    }

    @Test
    void simulateRunsTheDraftOrAVersionWithScriptedInput() throws Exception {
        String name = unique();
        call("POST", "/api/flows", "{\"name\": \"" + name + "\", \"definition\": " + FIXED + "}", 201);

        JsonNode run = call("POST", "/api/flows/" + name + "/simulate", """
                {"scenario": {"callerNumber": "+15551234567", "at": "2026-11-24T15:00:00Z",
                              "inputs": [{"digits": "7"}, {"digits": "1", "afterSeconds": 2}]}}""", 200);

        assertThat(run.at("/result/outcome/type").asText()).isEqualTo("queued");
        assertThat(run.at("/result/outcome/queue").asText()).isEqualTo("sales");
        assertThat(run.at("/result/path").findValuesAsText("outcome")).containsExactly("invalid", "1", "queued");
        assertThat(run.at("/heard/1").asText()).isEqualTo("play omniline/main-menu [en]");

        assertThat(call(
                                "POST",
                                "/api/flows/main/simulate",
                                "{\"version\": 1, \"scenario\": {\"at\": \"2026-11-29T15:00:00Z\"}}",
                                200)
                        .at("/result/outcome/type")
                        .asText())
                .isEqualTo("voicemail");
    }

    @Test
    void replayShowsWhereARecordedCallWouldGoOnTheDraft() throws Exception {
        String name = unique();
        call("POST", "/api/flows", "{\"name\": \"" + name + "\", \"definition\": " + FIXED + "}", 201);
        long interaction = db.repositories()
                .interactions()
                .open(NewInteraction.inboundCall(unique(), null, null, null))
                .id();
        OffsetDateTime at = OffsetDateTime.parse("2026-11-24T15:00:00Z");
        db.repositories()
                .ivrPaths()
                .append(
                        interaction,
                        List.of(
                                new IvrStep(1, null, null, "menu", "menu", "1", "1", at),
                                new IvrStep(2, null, null, "sales", "queue", null, "queued", at.plusSeconds(3))));

        assertThat(call("POST", "/api/flows/" + name + "/replay", "{\"interactionId\": " + interaction + "}", 200)
                        .at("/divergesAt")
                        .asInt())
                .isEqualTo(-1);

        call(
                "PUT",
                "/api/flows/" + name + "/draft",
                "{\"definition\": " + FIXED.replace("\"1\": \"sales\"", "\"1\": \"support\"") + "}",
                200);
        JsonNode replay =
                call("POST", "/api/flows/" + name + "/replay", "{\"interactionId\": " + interaction + "}", 200);
        assertThat(replay.at("/divergesAt").asInt()).isEqualTo(1);
        assertThat(replay.at("/recorded/nodeId").asText()).isEqualTo("sales");
        assertThat(replay.at("/replayed/nodeId").asText()).isEqualTo("support");

        assertThat(call("POST", "/api/flows/" + name + "/replay", "{\"interactionId\": -1}", 404)
                        .at("/error")
                        .asText())
                .contains("IVR path of interaction -1 does not exist");
    }

    @Test
    void badRequestsGetAClearJsonError() throws Exception {
        assertThat(call("POST", "/api/flows", "{\"name\": ", 400).at("/error").asText())
                .startsWith("bad request body");
        assertThat(call("POST", "/api/flows", "{\"name\": \"x\", \"definition\": {}, \"owner\": \"me\"}", 400)
                        .at("/error")
                        .asText())
                .isEqualTo(
                        "bad request body: unknown field \"owner\"; expected \"definition\", \"description\", \"name\"");
        assertThat(call(
                                "POST",
                                "/api/flows",
                                "{\"name\": \"Not Valid!\", \"definition\": {\"start\": \"a\", \"nodes\": {}}}",
                                400)
                        .at("/error")
                        .asText())
                .contains("lowercase");
        assertThat(call(
                                "POST",
                                "/api/flows",
                                "{\"name\": \"main\", \"definition\": {\"start\": \"a\", \"nodes\": {}}}",
                                409)
                        .at("/error")
                        .asText())
                .contains("exists already");
        assertThat(call("GET", "/api/flows/ghost", null, 404).at("/error").asText())
                .isEqualTo("flow ghost does not exist");
        assertThat(call("PUT", "/api/routes/call-me", "{\"flow\": \"main\"}", 400)
                        .at("/error")
                        .asText())
                .isEqualTo("phone number \"call-me\" is invalid: it is not a phone number");
        assertThat(call("DELETE", "/api/flows", null, 405).at("/error").asText())
                .isEqualTo("DELETE is not allowed on /api/flows");
        assertThat(call("GET", "/api/nothing", null, 404).at("/error").asText()).isEqualTo("no API at /api/nothing");
        assertThat(call(
                                "POST",
                                "/api/validate",
                                "{\"definition\": {\"start\": \"x\", \"nodes\": {\"x\": {\"type\": \"dance\"}}}}",
                                200)
                        .at("/problems/0/message")
                        .asText())
                .startsWith("unknown node type \"dance\"");
    }

    @Test
    void aScratchFlowCanBeDeletedButALiveOneIsKept() throws Exception {
        String name = unique();
        call("POST", "/api/flows", "{\"name\": \"" + name + "\", \"definition\": " + FIXED + "}", 201);

        call("DELETE", "/api/flows/" + name, null, 204);
        call("GET", "/api/flows/" + name, null, 404);
        assertThat(call("DELETE", "/api/flows/main", null, 409).at("/error").asText())
                .contains("kept for history");
    }

    @Test
    void routesCanBeChangedAndRemoved() throws Exception {
        call("PUT", "/api/routes/%2B14155550100", "{\"flow\": \"after-hours\"}", 200);
        assertThat(call("GET", "/api/routes", null, 200).toString()).contains("\"number\":\"+14155550100\"");

        call("DELETE", "/api/routes/%2B14155550100", null, 204);
        assertThat(call("GET", "/api/routes", null, 200).toString()).doesNotContain("+14155550100");
        call("DELETE", "/api/routes/%2B14155550100", null, 404);
    }

    @Test
    void theOpenApiDocumentDescribesEveryRoute() throws Exception {
        JsonNode paths = call("GET", "/api/openapi.json", null, 200).get("paths");

        List<String> documented = new ArrayList<>();
        Iterator<String> names = paths.fieldNames();
        while (names.hasNext()) {
            String path = names.next();
            paths.get(path).fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path));
        }
        List<String> served = java.util.stream.Stream.of(
                        new FlowApi(null).routes(),
                        new DigitalApi(null, null, db.repositories(), null).routes(),
                        new AdminApi(db.repositories(), db.transactions(), null, null).routes(),
                        new CallApi(db.repositories(), null, call -> {}).routes(),
                        new CustomerApi(
                                        db.repositories(),
                                        new io.omniline.db.identity.IdentityNormalizer("US"),
                                        null,
                                        null)
                                .routes(),
                        new PhoneApi(db.repositories(), null, null).routes(),
                        new PromptApi(null, 50).routes(),
                        new SoftphoneApi(null).routes(),
                        new CallbackApi(db.repositories()).routes(),
                        new io.omniline.server.queues.QueueSettingsApi(
                                        db.repositories().queueSettings(), java.util.Set::of, java.util.Set::of)
                                .routes(),
                        new VoicemailApi(db.repositories(), null).routes(),
                        new io.omniline.server.csat.SurveyCommentApi(db.repositories(), null).routes(),
                        new io.omniline.server.reports.ReportApi(null).routes())
                .flatMap(List::stream)
                .map(route -> route.method() + " " + route.template())
                .toList();
        assertThat(documented).containsAll(served);
    }

    @Test
    void theApiNeedsASessionARoleThatMayAndTheCsrfTokenForChanges() throws Exception {
        java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + omniline.httpPort() + "/api/flows"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        ApiClient supervisor =
                ApiClient.as(omniline, db.repositories(), "sue-" + unique(), AccountRole.supervisor, null);
        assertThat(names(supervisor.call("GET", "/api/flows", null, 200))).contains("main");
        assertThat(supervisor
                        .call("POST", "/api/flows/main/publish", "{}", 403)
                        .get("error")
                        .asText())
                .isEqualTo("only admins may POST /api/flows/main/publish; you are signed in as a supervisor");

        assertThat(admin.send("PUT", "/api/routes/%2B14155550177", "{\"flow\": \"main\"}", false)
                        .statusCode())
                .isEqualTo(403);
        admin.call("PUT", "/api/routes/%2B14155550177", "{\"flow\": \"main\"}", 200);
    }

    private static List<String> names(JsonNode flows) {
        return flows.findValuesAsText("name");
    }

    /** Defect: "+1 (415) 555-0100" was refused for a route while chat took it; routes keep the chat's normal form. */
    @Test
    void numberRoutesTakeAnyCommonFormatAndSayWhyOneIsRefused() throws Exception {
        String name = unique();
        call("POST", "/api/flows", "{\"name\": \"" + name + "\", \"definition\": " + FIXED + "}", 201);

        assertThat(call("PUT", "/api/routes/%2B1%20(415)%20555-0100", "{\"flow\": \"" + name + "\"}", 200)
                        .at("/number")
                        .asText())
                .isEqualTo("+14155550100");
        assertThat(call("PUT", "/api/routes/415.555.0101", "{\"flow\": \"" + name + "\"}", 200)
                        .at("/number")
                        .asText())
                .isEqualTo("+14155550101");
        assertThat(call("PUT", "/api/routes/*98", "{\"flow\": \"" + name + "\"}", 200)
                        .at("/number")
                        .asText())
                .isEqualTo("*98");
        assertThat(call("PUT", "/api/routes/call%20me", "{\"flow\": \"" + name + "\"}", 400)
                        .at("/error")
                        .asText())
                .isEqualTo("phone number \"call me\" is invalid: it is not a phone number");
        call("DELETE", "/api/routes/%2B1%20415%20555%200101", null, 204);
        assertThat(call("GET", "/api/routes", null, 200).findValuesAsText("number"))
                .contains("+14155550100")
                .doesNotContain("+14155550101");
    }

    /** Defect: a queue typed "support=1" was kept as a queue of that name; no call could ever reach it. */
    @Test
    void aQueueNameWithAPenaltyTypedIntoItIsAProblemOnItsNode() throws Exception {
        JsonNode problems = call(
                "POST",
                "/api/validate",
                "{\"definition\": " + FIXED.replace("\"queue\": \"sales\"", "\"queue\": \"support=1\"") + "}",
                200);
        assertThat(problems.at("/problems/0/nodeId").asText()).isEqualTo("sales");
        assertThat(problems.at("/problems/0/message").asText())
                .isEqualTo(
                        "queue \"support=1\" is not a queue name: use letters, digits, '.', '-' and '_' only (set the priority in its own field)");
        assertThat(call("GET", "/api/ivr/queues", null, 200).toString())
                .isEqualTo("[\"billing\",\"callback\",\"sales\",\"support\"]");
    }

    /** The designer lists a flow's latest real calls to replay, and keeps the layout with the draft, outside the diff. */
    @Test
    void recentCallsOfAFlowAreListedNewestFirstAndTheLayoutTravelsWithTheDraft() throws Exception {
        String name = unique();
        call("POST", "/api/flows", "{\"name\": \"" + name + "\", \"definition\": " + FIXED + "}", 201);
        call("POST", "/api/flows/" + name + "/publish", "{\"comment\": \"first\"}", 201);
        long flowId = new io.omniline.db.flow.FlowRepository(db.dsl())
                .findByName(name)
                .orElseThrow()
                .id();
        OffsetDateTime at = OffsetDateTime.parse("2026-11-24T15:00:00Z");
        List<Long> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long interaction = db.repositories()
                    .interactions()
                    .open(NewInteraction.inboundCall(unique(), null, null, null))
                    .id();
            db.repositories()
                    .ivrPaths()
                    .append(
                            interaction,
                            List.of(
                                    new IvrStep(1, flowId, 1, "menu", "menu", "1", "1", at.plusMinutes(i)),
                                    new IvrStep(
                                            2,
                                            flowId,
                                            1,
                                            "sales",
                                            "queue",
                                            null,
                                            "queued",
                                            at.plusMinutes(i).plusSeconds(3))));
            calls.add(interaction);
        }

        JsonNode recent = call("GET", "/api/flows/" + name + "/calls?limit=2", null, 200);
        assertThat(recent.findValuesAsText("interactionId"))
                .containsExactly(String.valueOf(calls.get(2)), String.valueOf(calls.get(1)));
        assertThat(recent.at("/0/steps").asInt()).isEqualTo(2);
        assertThat(recent.at("/0/lastNode").asText()).isEqualTo("sales");
        for (String limit : new String[] {"0", "abc", "99999999999"}) {
            JsonNode refused = call("GET", "/api/flows/" + name + "/calls?limit=" + limit, null, 400);
            assertThat(refused.at("/error").asText())
                    .as("limit=" + limit)
                    .isEqualTo("limit is a number of calls, a whole number from 1 to 200");
            assertThat(refused.at("/field").asText()).isEqualTo("limit");
        }

        String laidOut =
                FIXED.substring(0, FIXED.lastIndexOf('}')) + ", \"layout\": {\"menu\": {\"x\": 10, \"y\": 20}}}";
        assertThat(call("PUT", "/api/flows/" + name + "/draft", "{\"definition\": " + laidOut + "}", 200)
                        .at("/problems")
                        .size())
                .isZero();
        assertThat(call("GET", "/api/flows/" + name, null, 200)
                        .at("/flow/definition/layout/menu/y")
                        .asInt())
                .isEqualTo(20);
        assertThat(call("GET", "/api/flows/" + name + "/diff?from=1&to=draft", null, 200)
                        .at("/changes")
                        .size())
                .isZero();
        assertThat(call("POST", "/api/flows/" + name + "/replay", "{\"interactionId\": " + calls.get(0) + "}", 200)
                        .at("/recordedPath/1/nodeId")
                        .asText())
                .isEqualTo("sales");
    }

    private static String unique() {
        return "f-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode call(String method, String path, String body, int status) throws Exception {
        return admin.call(method, path, body, status);
    }
}
