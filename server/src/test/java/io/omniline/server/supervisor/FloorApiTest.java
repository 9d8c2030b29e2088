package io.omniline.server.supervisor;

import static io.omniline.telephony.sim.CallerAction.press;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.db.account.AccountRole;
import io.omniline.db.agent.AgentStateLog;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.AmiScripts;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.telephony.ami.AmiPacket;
import io.omniline.telephony.sim.AgiEnvironment;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.AsteriskAgiCall;
import io.omniline.telephony.sim.ScriptedCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The floor over the API: an agent's state as Asterisk and the database make it, the agents
 * table, a supervisor's listen/whisper/barge (an Originate of ChanSpy to their phone) and forced
 * pause and logout, each audited; and errors in words, never a database rule's name.
 */
class FloorApiTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void aSupervisorListensToAnAgentsCallAndPausesThemWithAReasonAllAudited() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "omniline"));
                Omniline omniline = Omniline.start(
                        TestConfigs.withAmi(TestConfigs.forDatabase(db.settings()), asterisk.port()),
                        TestConfigs.OPENING_HOURS)) {
            long gus = db.repositories()
                    .agents()
                    .create("gus", "Gus", "PJSIP/1001", Map.of(), Map.of("support", 0), "test")
                    .id();
            ApiClient agent = ApiClient.as(omniline, db.repositories(), "gus", AccountRole.agent, gus);
            ApiClient sam = ApiClient.as(omniline, db.repositories(), "sam", AccountRole.supervisor, null);
            AmiScripts.awaitAmi(omniline);

            assertThat(agent.call("GET", "/api/me/state", null, 200)
                            .get("status")
                            .asText())
                    .isEqualTo("logged-out");
            asterisk.emit(AmiScripts.supportMember("QueueMemberAdded", "Gus", "PJSIP/1001", false, ""));
            awaitStatus(agent, "available");
            assertThat(agent.call("GET", "/api/me/state", null, 200)
                            .get("label")
                            .asText())
                    .isEqualTo("Available for calls");

            sam.call(
                    "POST",
                    "/api/live/agents/" + gus + "/spy",
                    "{\"mode\": \"listen\", \"phone\": \"PJSIP/1003\"}",
                    409);
            AsteriskAgiCall.of(
                            AgiEnvironment.call("1795459000.5", "15553334444", "100", "ivr"),
                            press("1"),
                            press("12345678#"),
                            press("2"))
                    .run(omniline.agiPort());
            List<byte[]> call = ScriptedCalls.answered("1795459000.5", "support", "PJSIP/1001", 6);
            call.subList(0, AmiScripts.indexOf(call, "Event: AgentComplete")).forEach(asterisk::emit);
            awaitStatus(agent, "on-call");

            JsonNode floor = sam.call("GET", "/api/live/agents", null, 200);
            assertThat(floor.get(0).get("state").get("login").asText()).isEqualTo("gus");
            assertThat(floor.get(0).get("queues").toString()).isEqualTo("[\"support\"]");
            agent.call("GET", "/api/live/agents", null, 403);

            assertThat(sam.call(
                                    "POST",
                                    "/api/live/agents/" + gus + "/spy",
                                    "{\"mode\": \"peek\", \"phone\": \"PJSIP/1003\"}",
                                    400)
                            .get("error")
                            .asText())
                    .isEqualTo("mode is listen, whisper or barge");
            sam.call(
                    "POST", "/api/live/agents/" + gus + "/spy", "{\"mode\": \"listen\", \"phone\": \"1003; rm\"}", 400);
            sam.call(
                    "POST",
                    "/api/live/agents/" + gus + "/spy",
                    "{\"mode\": \"whisper\", \"phone\": \"PJSIP/1003\"}",
                    200);
            AmiPacket spy = AmiScripts.sent(asterisk, "Originate").getLast();
            assertThat(spy.get("Channel")).contains("PJSIP/1003");
            assertThat(spy.get("Application")).contains("ChanSpy");
            assertThat(spy.get("Data").orElseThrow()).startsWith("PJSIP/1001-").endsWith(",qw");
            agent.call(
                    "POST",
                    "/api/live/agents/" + gus + "/spy",
                    "{\"mode\": \"barge\", \"phone\": \"PJSIP/1003\"}",
                    403);

            sam.call("POST", "/api/live/agents/" + gus + "/pause", "{\"reason\": \" \"}", 400);
            sam.call("POST", "/api/live/agents/" + gus + "/pause", "{\"reason\": \"coaching\"}", 200);
            AmiPacket pause = AmiScripts.sent(asterisk, "QueuePause").getLast();
            assertThat(pause.get("Interface")).contains("PJSIP/1001");
            assertThat(pause.get("Reason")).contains("coaching");
            sam.call("POST", "/api/live/agents/" + gus + "/logout", "{\"reason\": \"end of shift\"}", 200);
            assertThat(AmiScripts.sent(asterisk, "QueueRemove").getLast().get("Queue"))
                    .contains("support");

            assertThat(db.dsl()
                            .fetch(
                                    "SELECT actor, action, details->>'reason' AS reason FROM audit_log"
                                            + " WHERE entity_kind = 'agent' AND action LIKE 'agent.%' AND action <> 'agent.create' ORDER BY id")
                            .map(row -> row.get("actor") + " " + row.get("action") + " " + row.get("reason")))
                    .containsExactly(
                            "sam agent.whisper null",
                            "sam agent.force-pause coaching",
                            "sam agent.force-logout end of shift");
        }
    }

    @Test
    void refusedInputIsExplainedInWordsBesideItsFieldNeverAsADatabaseRule() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            ApiClient admin = ApiClient.admin(omniline);
            JsonNode refused = admin.call(
                    "POST",
                    "/api/agents",
                    "{\"login\": \"ivy\", \"displayName\": \"Ivy\","
                            + " \"sipInterface\": \"PJSIP 1001\", \"password\": \"a-long-password\"}",
                    400);
            assertThat(refused.get("error").asText())
                    .isEqualTo("The phone must be written as technology/name, for example PJSIP/1001, without spaces.");
            assertThat(refused.get("field").asText()).isEqualTo("sipInterface");

            JsonNode reply = admin.call(
                    "POST",
                    "/api/quick-replies",
                    "{\"title\": \"Greeting\", \"body\": \"Hello! How can I help?\"}",
                    201);
            JsonNode twice =
                    admin.call("POST", "/api/quick-replies", "{\"title\": \"Greeting\", \"body\": \"Hi\"}", 409);
            assertThat(twice.get("error").asText()).isEqualTo("Another quick reply already has this title.");
            assertThat(twice.get("field").asText()).isEqualTo("title");
            JsonNode empty = admin.call("POST", "/api/quick-replies", "{\"title\": \"Empty\", \"body\": \"  \"}", 400);
            assertThat(empty.get("error").asText()).isEqualTo("A quick reply's text has 1 to 2000 characters.");
            assertThat(empty.toString()).doesNotContain("constraint", "violates", "quick_reply");

            long ivy = db.repositories()
                    .agents()
                    .create("ivy", "Ivy", "PJSIP/1009", Map.of(), Map.of(), "test")
                    .id();
            ApiClient agent = ApiClient.as(omniline, db.repositories(), "ivy", AccountRole.agent, ivy);
            assertThat(agent.call("GET", "/api/quick-replies", null, 200)
                            .get(0)
                            .get("body")
                            .asText())
                    .isEqualTo("Hello! How can I help?");
            agent.call("POST", "/api/quick-replies", "{\"title\": \"Mine\", \"body\": \"x\"}", 403);
            JsonNode state = agent.call("GET", "/api/me/state", null, 200);
            assertThat(state.get("status").asText()).isEqualTo("unknown");
            assertThat(state.get("label").asText())
                    .isEqualTo("Phone state unknown: Omniline is not connected to a phone system"
                            + " (the connection to Asterisk is turned off in its settings)");
            JsonNode capacity = agent.call("PUT", "/api/me/digital", "{\"capacity\": 99}", 400);
            assertThat(capacity.toString()).doesNotContain("constraint");
            agent.call("PUT", "/api/me/digital", "{\"capacity\": 2}", 200);
            assertThat(agent.call("GET", "/api/me/state", null, 200)
                            .get("capacity")
                            .asInt())
                    .isEqualTo(2);

            admin.call("DELETE", "/api/quick-replies/" + reply.get("id").asLong(), null, 204);
            admin.call("DELETE", "/api/quick-replies/" + reply.get("id").asLong(), null, 404);
        }
    }

    @Test
    void anAgentsDayIsTheirLoggedStatesInOrderWithAPausesReasonForSupervisorsAndAdminsOnly() throws Exception {
        try (Omniline omniline = Omniline.start(
                TestConfigs.withTimeZone(TestConfigs.forDatabase(db.settings()), AgentDayFixture.ZONE),
                TestConfigs.OPENING_HOURS,
                TestConfigs.OPENING_HOURS)) {
            long ola = db.repositories()
                    .agents()
                    .create("ola", "Ola", "PJSIP/1011", Map.of(), Map.of("support", 0), "test")
                    .id();
            long ben = db.repositories()
                    .agents()
                    .create("ben", "Ben", "PJSIP/1012", Map.of(), Map.of("support", 0), "test")
                    .id();
            AgentDayFixture.seed(db, ola);
            db.repositories()
                    .agentStateLog()
                    .record(
                            ben,
                            AgentStateLog.State.PAUSED,
                            "not Ola's",
                            Instant.parse("2026-11-18T14:00:00Z"),
                            AgentStateLog.Source.AMI);
            ApiClient agent = ApiClient.as(omniline, db.repositories(), "ola", AccountRole.agent, ola);
            ApiClient vic = ApiClient.as(omniline, db.repositories(), "vic", AccountRole.supervisor, null);
            ApiClient admin = ApiClient.admin(omniline);

            agent.call("GET", "/api/live/agents/" + ola + "/day", null, 403);
            JsonNode day = vic.call("GET", "/api/live/agents/" + ola + "/day", null, 200);
            assertThat(day.get("timeZone").asText()).isEqualTo("America/New_York");
            assertThat(day.get("date").asText()).isEqualTo("2026-11-18");
            assertThat(day.get("dayStart").asText()).isEqualTo("2026-11-18T05:00:00Z");
            List<String> states = new ArrayList<>();
            day.get("states")
                    .forEach(state -> states.add(state.get("state").asText() + " "
                            + state.get("from").asText() + " " + state.get("to").asText() + " "
                            + state.get("reason").asText()));
            // Logged out since the evening before: cut at the day's midnight. The last state runs on (to null).
            assertThat(states)
                    .containsExactly(
                            "logged-out 2026-11-18T05:00:00Z 2026-11-18T13:00:00Z null",
                            "logged-in 2026-11-18T13:00:00Z 2026-11-18T13:00:00Z null",
                            "available 2026-11-18T13:00:00Z 2026-11-18T13:30:00Z null",
                            "ringing 2026-11-18T13:30:00Z 2026-11-18T13:30:10Z null",
                            "on-call 2026-11-18T13:30:10Z 2026-11-18T13:42:00Z null",
                            "wrap-up 2026-11-18T13:42:00Z 2026-11-18T13:45:00Z null",
                            "available 2026-11-18T13:45:00Z 2026-11-18T14:30:00Z null",
                            "paused 2026-11-18T14:30:00Z 2026-11-18T15:00:00Z training",
                            "available 2026-11-18T15:00:00Z null null");
            assertThat(day.get("handled").asInt()).isEqualTo(1);
            assertThat(day.get("averageHandleSeconds").asInt()).isEqualTo(710);
            assertThat(day.get("current").get("login").asText()).isEqualTo("ola");
            assertThat(day.get("work")).isEmpty();

            // An earlier day ends at its own midnight; the call was not on it.
            JsonNode before = admin.call("GET", "/api/live/agents/" + ola + "/day?date=2026-11-17", null, 200);
            assertThat(before.get("until").asText()).isEqualTo("2026-11-18T05:00:00Z");
            assertThat(before.get("states").get(0).get("state").asText()).isEqualTo("logged-out");
            assertThat(before.get("states").get(0).get("to").asText()).isEqualTo("2026-11-18T05:00:00Z");
            assertThat(before.get("handled").asInt()).isZero();

            JsonNode tomorrow = vic.call("GET", "/api/live/agents/" + ola + "/day?date=2026-11-19", null, 400);
            assertThat(tomorrow.get("error").asText())
                    .isEqualTo("The day can be today or an earlier day, not one after today.");
            assertThat(tomorrow.get("field").asText()).isEqualTo("date");
            JsonNode garbled = vic.call("GET", "/api/live/agents/" + ola + "/day?date=18%2F11%2F2026", null, 400);
            assertThat(garbled.get("error").asText())
                    .isEqualTo("The day is written as year-month-day, for example 2026-11-18.");
            vic.call("GET", "/api/live/agents/999999/day", null, 404);
        }
    }

    private static void awaitStatus(ApiClient agent, String status) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        String now = "";
        while (Instant.now().isBefore(until)) {
            now = agent.call("GET", "/api/me/state", null, 200).get("status").asText();
            if (now.equals(status)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the agent's state stayed " + now + ", never " + status);
    }
}
