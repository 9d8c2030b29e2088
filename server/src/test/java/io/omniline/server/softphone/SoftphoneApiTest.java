package io.omniline.server.softphone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.ConflictException;
import io.omniline.db.account.AccountRole;
import io.omniline.db.audit.AuditEntry;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.config.OmnilineConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Which phone rings for an agent, set by an admin and read by the agent's page, over the API. */
class SoftphoneApiTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String ASTERISK = "wss://pbx.example.test:8443/ws";
    private static final String KEY =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final String SIP_PASSWORD = "Pjsip-Secret-4711";

    private static Omniline omniline;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        OmnilineConfig base = TestConfigs.forDatabase(db.settings());
        omniline = Omniline.start(new OmnilineConfig(
                base.http(),
                base.database(),
                base.identity(),
                base.ivr(),
                base.agi(),
                base.ami(),
                base.chat(),
                base.digital(),
                base.email(),
                base.sms(),
                base.auth(),
                new OmnilineConfig.Softphone(ASTERISK, "", "stun:stun.example.test:3478", KEY),
                base.reports()));
        admin = ApiClient.admin(omniline);
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
    }

    @Test
    void anAdminGivesAnAgentTheSoftphoneAndOnlyThatAgentEverReadsThePassword() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try {
            long nia = agent("nia", "PJSIP/1002");
            ApiClient niaPage = ApiClient.signIn(omniline, "nia", "nia-password-1");
            agent("oli", "PJSIP/1003");
            ApiClient oliPage = ApiClient.signIn(omniline, "oli", "oli-password-1");
            ApiClient supervisor = ApiClient.as(omniline, db.repositories(), "sue", AccountRole.supervisor, null);

            JsonNode changed = admin.call(
                    "PUT", "/api/agents/" + nia + "/softphone", "{\"password\": \"" + SIP_PASSWORD + "\"}", 200);
            assertThat(changed.get("phone").asText()).isEqualTo("webrtc");

            HttpResponse<String> own = niaPage.send("GET", "/api/me/phone", null, false);
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(own.headers().firstValue("Cache-Control")).contains("no-store");
            JsonNode phone = new ObjectMapper().readTree(own.body());
            assertThat(phone.get("phone").asText()).isEqualTo("webrtc");
            assertThat(phone.get("problem").isNull()).isTrue();
            JsonNode registration = phone.get("softphone");
            assertThat(registration.get("sipUri").asText()).isEqualTo("sip:1002@pbx.example.test");
            assertThat(registration.get("username").asText()).isEqualTo("1002");
            assertThat(registration.get("password").asText()).isEqualTo(SIP_PASSWORD);
            assertThat(registration.get("webSocketUrls").get(0).asText()).isEqualTo(ASTERISK);
            assertThat(registration.get("stunServers").get(0).asText()).isEqualTo("stun:stun.example.test:3478");
            assertThat(registration.get("displayName").asText()).isEqualTo("nia");

            assertThat(oliPage.call("GET", "/api/me/phone", null, 200).toString())
                    .as("another agent sees only their own phone")
                    .doesNotContain(SIP_PASSWORD)
                    .contains("\"phone\":\"desk\"");
            assertThat(admin.call("GET", "/api/agents", null, 200).toString())
                    .contains("\"phone\":\"webrtc\"")
                    .doesNotContain(SIP_PASSWORD);
            assertThat(supervisor.call("GET", "/api/agents", null, 200).toString())
                    .doesNotContain(SIP_PASSWORD);
            admin.call("GET", "/api/me/phone", null, 403);
            supervisor.call("GET", "/api/me/phone", null, 403);
            byte[] stored =
                    db.repositories().softphones().find(nia).orElseThrow().sealed();
            assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                    .as("sealed at rest")
                    .doesNotContain(SIP_PASSWORD);
            assertThat(db.repositories().auditLog().forEntity("agent", nia))
                    .extracting(AuditEntry::action)
                    .contains("agent.softphone.set");
            assertThat(db.repositories().auditLog().forEntity("agent", nia).toString())
                    .doesNotContain(SIP_PASSWORD);

            admin.call("DELETE", "/api/agents/" + nia + "/softphone", null, 200);
            JsonNode desk = niaPage.call("GET", "/api/me/phone", null, 200);
            assertThat(desk.get("phone").asText()).isEqualTo("desk");
            assertThat(desk.get("sipInterface").asText()).isEqualTo("PJSIP/1002");
            assertThat(desk.get("softphone").isNull()).isTrue();
            assertThat(db.repositories().softphones().find(nia))
                    .as("the password is deleted with the softphone")
                    .isEmpty();
        } finally {
            root.detachAppender(log);
        }
        assertThat(log.list)
                .as("nothing logged holds the password")
                .noneMatch(event -> event.getFormattedMessage().contains(SIP_PASSWORD)
                        || (event.getThrowableProxy() != null
                                && ThrowableProxyUtil.asString(event.getThrowableProxy())
                                        .contains(SIP_PASSWORD)));
    }

    @Test
    void whatCannotBeAPjsipPasswordOrASoftphoneIsRefusedInWords() throws Exception {
        long pat = agent("pat", "PJSIP/1004");
        long quin = agent("quin", "SIP/1005");

        assertThat(admin.call("PUT", "/api/agents/" + pat + "/softphone", "{\"password\": \"short\"}", 400)
                        .get("error")
                        .asText())
                .isEqualTo(
                        "password must be 12 to 128 letters, digits or punctuation, without spaces, quotes, backslashes "
                                + "or ';' (pjsip.conf reads ';' as the start of a comment)");
        admin.call("PUT", "/api/agents/" + pat + "/softphone", "{\"password\": \"long-enough;but-a-comment\"}", 400);
        admin.call("PUT", "/api/agents/" + pat + "/softphone", "{}", 400);
        assertThat(admin.call(
                                "PUT",
                                "/api/agents/" + quin + "/softphone",
                                "{\"password\": \"" + SIP_PASSWORD + "\"}",
                                409)
                        .get("error")
                        .asText())
                .isEqualTo("the softphone registers as a PJSIP endpoint: set the agent's SIP interface "
                        + "to PJSIP/<endpoint> first (it is SIP/1005)");
        admin.call("PUT", "/api/agents/999999/softphone", "{\"password\": \"" + SIP_PASSWORD + "\"}", 404);
        ApiClient patPage = ApiClient.signIn(omniline, "pat", "pat-password-1");
        patPage.call("PUT", "/api/agents/" + pat + "/softphone", "{\"password\": \"" + SIP_PASSWORD + "\"}", 403);
        assertThat(db.repositories()
                        .agents()
                        .findById(pat)
                        .orElseThrow()
                        .phone()
                        .name())
                .isEqualTo("desk");
    }

    @Test
    void thePagesMayConnectToThisServerAndTheConfiguredAsteriskOnly() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + omniline.httpPort() + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("connect-src 'self' " + ASTERISK + ";").doesNotContain(" ws:", " wss:;", "wss: ");
    }

    @Test
    void aSoftphoneThatCannotWorkOnThisServerIsExplainedToTheAgentAndRefusedToTheAdmin() {
        long rae = db.repositories()
                .agents()
                .create("rae", "Rae", "PJSIP/1006", Map.of(), Map.of(), "test")
                .id();
        String otherKey = Base64.getEncoder()
                .encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
        Softphones configured = softphones(ASTERISK, KEY);
        configured.useSoftphone(rae, SIP_PASSWORD, "test");

        assertThat(softphones(ASTERISK, otherKey).profileOf(rae).problem())
                .isEqualTo(
                        "Your SIP password cannot be read "
                                + "(the softphone password was stored under another softphone.credentialKey); ask an admin to set it again.");
        assertThat(softphones("", KEY).profileOf(rae).problem())
                .startsWith("The softphone is not set up on this server");
        assertThat(softphones(ASTERISK, "").profileOf(rae).problem())
                .startsWith("This server has no softphone.credentialKey");
        assertThatThrownBy(() -> softphones(ASTERISK, "").useSoftphone(rae, SIP_PASSWORD, "test"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("softphone.credentialKey");
        assertThatThrownBy(() -> softphones("", KEY).useSoftphone(rae, SIP_PASSWORD, "test"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("softphone.webSocketUrls");
        assertThat(configured.profileOf(rae).softphone().password()).isEqualTo(SIP_PASSWORD);
    }

    private static Softphones softphones(String urls, String key) {
        return new Softphones(
                SoftphoneSettings.from(new OmnilineConfig.Softphone(urls, "", "", key)), db.repositories());
    }

    private static long agent(String login, String sipInterface) throws Exception {
        return admin.call("POST", "/api/agents", """
                {"login": "%s", "displayName": "%s", "sipInterface": "%s", "password": "%s-password-1"}""".formatted(login, login, sipInterface, login), 201)
                .get("agent")
                .get("id")
                .asLong();
    }
}
