package io.omniline.server.reports;

import static io.omniline.server.reports.HandMadeContacts.Contact.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reports over HTTP: who may read them, mistakes in words, the drill-down and the formulas in the API's description. */
class ReportApiTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Omniline omniline;
    private static ApiClient supervisor;
    private static long answered;

    @BeforeAll
    static void start() throws Exception {
        omniline = Omniline.start(TestConfigs.forDatabase(db.settings()), TestConfigs.OPENING_HOURS);
        long amy = db.repositories()
                .agents()
                .create("amy", "Amy", "PJSIP/1001", Map.of(), Map.of("support", 0), "t")
                .id();
        HandMadeContacts contacts = new HandMadeContacts(db.dsl(), ZoneOffset.UTC);
        answered = contacts.add(call(LocalDate.of(2026, 11, 24).atTime(9, 0))
                .queued("support", 15)
                .answered(amy, 10, 100, 20));
        contacts.add(call(LocalDate.of(2026, 11, 24).atTime(9, 5))
                .queued("support", 15)
                .abandoned(40));
        supervisor = ApiClient.as(omniline, db.repositories(), "sue", AccountRole.supervisor, null);
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
    }

    @Test
    void aSupervisorReadsAReportAndOpensAFigure() throws Exception {
        JsonNode report = supervisor.call(
                "GET",
                "/api/reports?from=2026-11-24&to=2026-11-25&interval=day&group=agent&measures=answered,average-speed-of-answer",
                null,
                200);
        assertThat(report.path("timeZone").asText()).isEqualTo("UTC");
        assertThat(report.path("columns").get(1).path("formula").asText()).startsWith("Σ wait of answered contacts");
        JsonNode amy = report.path("rows").get(1);
        assertThat(amy.path("label").asText()).isEqualTo("Amy");
        assertThat(amy.path("values").path("answered").asDouble()).isEqualTo(1.0);
        assertThat(amy.path("values").path("average-speed-of-answer").asDouble())
                .isEqualTo(10.0);

        JsonNode drill = supervisor.call(
                "GET",
                "/api/reports/contacts?from=2026-11-24&to=2026-11-25&interval=day&group=agent"
                        + "&measure=answered&row=" + amy.path("interval").asText() + "&key="
                        + amy.path("key").asText(),
                null,
                200);
        assertThat(drill.path("contacts"))
                .singleElement()
                .satisfies(contact -> assertThat(contact.path("id").asLong()).isEqualTo(answered));
    }

    @Test
    void aSupervisorComparesWithThePreviousPeriodAndOpensAPreviousFigure() throws Exception {
        JsonNode report = supervisor.call(
                "GET",
                "/api/reports?from=2026-11-25&to=2026-11-26&interval=day&group=queue&measures=offered,answered"
                        + "&compare=previous",
                null,
                200);
        assertThat(report.path("previous").path("from").asText()).isEqualTo("2026-11-24T00:00:00Z");
        assertThat(report.path("previous").path("to").asText()).isEqualTo("2026-11-25T00:00:00Z");
        JsonNode support = report.path("rows").get(0);
        assertThat(support.path("key").asText()).isEqualTo("support");
        assertThat(support.path("interval").asText()).isEqualTo("2026-11-25T00:00:00");
        assertThat(support.path("previousInterval").asText()).isEqualTo("2026-11-24T00:00:00");
        assertThat(support.path("values").path("offered").asDouble()).isEqualTo(0.0);
        assertThat(support.path("previous").path("offered").asDouble()).isEqualTo(2.0);
        assertThat(support.path("change").path("offered").asDouble()).isEqualTo(-2.0);
        assertThat(support.path("change").path("answered").asDouble()).isEqualTo(-1.0);

        JsonNode drill = supervisor.call(
                "GET",
                "/api/reports/contacts?from="
                        + report.path("previous").path("from").asText() + "&to="
                        + report.path("previous").path("to").asText()
                        + "&interval=day&group=queue&measure=answered&row="
                        + support.path("previousInterval").asText() + "&key=support",
                null,
                200);
        assertThat(drill.path("contacts"))
                .singleElement()
                .satisfies(contact -> assertThat(contact.path("id").asLong()).isEqualTo(answered));

        assertThat(supervisor
                        .call("GET", "/api/reports?from=2026-11-25&to=2026-11-26&compare=last-year", null, 400)
                        .path("error")
                        .asText())
                .isEqualTo("compare must be previous or none");
    }

    @Test
    void aSupervisorReadsTheServiceChannelMatrixAndOpensACell() throws Exception {
        JsonNode matrix = supervisor.call("GET", "/api/reports/matrix?from=2026-11-24&to=2026-11-25", null, 200);
        assertThat(matrix.path("channels").toString()).isEqualTo("[\"voice\"]");
        assertThat(matrix.path("row").asText()).isEqualTo("2026-11-24T00:00:00");
        JsonNode reason = matrix.path("reasons").get(0);
        assertThat(reason.path("label").asText()).isEqualTo("(no contact reason)");
        assertThat(reason.path("cells").path("voice").path("offered").asDouble())
                .isEqualTo(2.0);
        assertThat(matrix.path("columns").get(4).path("formula").asText())
                .startsWith("contacts of known customers with a contact reason");

        JsonNode drill = supervisor.call(
                "GET",
                "/api/reports/matrix/contacts?from=2026-11-24&to=2026-11-25&measure=average-handle-time&channel=voice"
                        + "&reason=",
                null,
                200);
        assertThat(drill.path("contacts"))
                .singleElement()
                .satisfies(contact -> assertThat(contact.path("id").asLong()).isEqualTo(answered));
        assertThat(supervisor
                        .call(
                                "GET",
                                "/api/reports/matrix/contacts?from=2026-11-24&to=2026-11-25&measure=offered&channel=fax",
                                null,
                                400)
                        .path("error")
                        .asText())
                .isEqualTo("channel must be voice, chat, email or sms");
    }

    @Test
    void mistakesAreSaidInWordsAndAgentsMayNotReadReports() throws Exception {
        assertThat(supervisor
                        .call("GET", "/api/reports?from=2026-11-24&to=2026-11-25&interval=fortnight", null, 400)
                        .path("error")
                        .asText())
                .isEqualTo("interval must be 15min, hour, day, week, month or period");
        assertThat(supervisor
                        .call("GET", "/api/reports?from=yesterday&to=2026-11-25", null, 400)
                        .path("error")
                        .asText())
                .startsWith("from must be a date");
        assertThat(supervisor
                        .call("GET", "/api/reports?from=2020-01-01&to=2026-01-01&interval=15min", null, 400)
                        .path("error")
                        .asText())
                .contains("more than 3000 intervals");
        assertThat(supervisor
                        .call("GET", "/api/reports?from=2026-11-24&to=2026-11-25&measures=happiness", null, 400)
                        .path("error")
                        .asText())
                .isEqualTo("no measure is called happiness");
        for (String path : new String[] {"/api/reports", "/api/reports/csv"}) {
            assertThat(supervisor
                            .call(
                                    "GET",
                                    path + "?from=0001-01-01&to=9999-12-31&interval=period&compare=previous",
                                    null,
                                    400)
                            .path("error")
                            .asText())
                    .as("the previous period would begin before year 1, where PostgreSQL's timestamps end")
                    .isEqualTo("a report covers dates from 1970-01-01 to 2200-01-01");
        }
        long agent = db.repositories()
                .agents()
                .create("al", "Al", null, Map.of(), Map.of(), "t")
                .id();
        ApiClient.as(omniline, db.repositories(), "al", AccountRole.agent, agent)
                .call("GET", "/api/reports?from=2026-11-24&to=2026-11-25", null, 403);
    }

    @Test
    void theApiDescribesEveryMeasureWithItsFormula() throws Exception {
        String description = supervisor
                .call("GET", "/api/openapi.json", null, 200)
                .path("paths")
                .path("/api/reports")
                .path("get")
                .path("description")
                .asText();
        for (Measure measure : Measure.values()) {
            assertThat(description).contains("`" + measure.key() + "`").contains(measure.formula());
        }
    }
}
