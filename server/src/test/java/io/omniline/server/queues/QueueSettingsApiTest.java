package io.omniline.server.queues;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-queue survey setting over HTTP: listed for every queue flows may use, changed by admins only. */
class QueueSettingsApiTest {

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
    void everyQueueFlowsMayUseIsListedWithSurveysOffUntilAnAdminTurnsThemOn() throws Exception {
        ApiClient admin = ApiClient.admin(omniline);
        assertThat(surveys(admin.call("GET", "/api/queues/settings", null, 200)))
                .containsEntry("support", false)
                .containsEntry("sales", false);

        JsonNode saved = admin.call("PUT", "/api/queues/billing/settings", "{\"surveysEnabled\": true}", 200);

        assertThat(saved.get("queue").asText()).isEqualTo("billing");
        assertThat(saved.get("surveysEnabled").asBoolean()).isTrue();
        assertThat(surveys(admin.call("GET", "/api/queues/settings", null, 200)))
                .containsEntry("billing", true)
                .containsEntry("support", false);
        assertThat(db.repositories().queueSettings().surveysEnabled("billing")).isTrue();
    }

    @Test
    void aNameAsteriskCannotHoldOrAMissingChoiceIsRefusedInWordsAndOnlyAdminsMayChange() throws Exception {
        ApiClient admin = ApiClient.admin(omniline);
        assertThat(admin.call("PUT", "/api/queues/support=1/settings", "{\"surveysEnabled\": true}", 400)
                        .get("error")
                        .asText())
                .startsWith("queue \"support=1\" is not a queue name");
        assertThat(admin.call("PUT", "/api/queues/support/settings", "{}", 400)
                        .get("error")
                        .asText())
                .isEqualTo("say whether surveys are on: surveysEnabled true or false");

        ApiClient supervisor = ApiClient.as(omniline, db.repositories(), "sue", AccountRole.supervisor, null);
        supervisor.call("GET", "/api/queues/settings", null, 200);
        supervisor.call("PUT", "/api/queues/support/settings", "{\"surveysEnabled\": true}", 403);
        assertThat(db.repositories().queueSettings().surveysEnabled("support")).isFalse();
    }

    private static Map<String, Boolean> surveys(JsonNode list) {
        Map<String, Boolean> byQueue = new HashMap<>();
        list.forEach(setting -> byQueue.put(
                setting.get("queue").asText(), setting.get("surveysEnabled").asBoolean()));
        return byQueue;
    }
}
