package io.omniline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.db.account.AccountRole;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.config.OmnilineConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callbacks list in plain words (agents: their queues; supervisors: all), and a voicemail
 * message played from the server's view of Asterisk's spool to whoever may read the customer's
 * history, and to nobody else.
 */
class CallbacksAndVoicemailApiTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path spool;

    @Test
    void agentsSeeTheCallbacksOfTheirQueuesSupervisorsAllInPlainWords() throws Exception {
        try (Omniline omniline = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            long dana = db.repositories()
                    .agents()
                    .create("dana", "Dana", "PJSIP/1101", Map.of(), Map.of("callback", 0), "test")
                    .id();
            ApiClient agent = ApiClient.as(omniline, db.repositories(), "dana", AccountRole.agent, dana);
            ApiClient supervisor = ApiClient.as(omniline, db.repositories(), "sam", AccountRole.supervisor, null);
            long ours = filed("1800000201.1", "+15551230001", "callback");
            filed("1800000202.1", "+15551230002", "sales");

            JsonNode seen = agent.call("GET", "/api/callbacks", null, 200);

            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).get("id").asLong()).isEqualTo(ours);
            assertThat(seen.get(0).get("number").asText()).isEqualTo("+15551230001");
            assertThat(seen.get(0).get("status").asText()).isEqualTo("waiting for a free agent");
            assertThat(seen.get(0).get("maxAttempts").asInt()).isEqualTo(3);
            assertThat(supervisor.call("GET", "/api/callbacks", null, 200))
                    .extracting(node -> node.get("queue").asText())
                    .containsExactlyInAnyOrder("callback", "sales");
        }
    }

    @Test
    void aVoicemailIsPlayedOnlyToThoseWhoMayReadTheCustomersHistory() throws Exception {
        Path message = spool.resolve("default/support/INBOX/msg0000.wav");
        Files.createDirectories(message.getParent());
        byte[] recording = "RIFF....WAVEfmt the recording".getBytes();
        Files.write(message, recording);
        Files.writeString(spool.resolve("secret.wav"), "not a message");
        try (Omniline omniline = Omniline.start(withSpool(TestConfigs.forDatabase(db.settings()), spool.toString()))) {
            AgentRepository agents = db.repositories().agents();
            long eli = agents.create("eli", "Eli", "PJSIP/1102", Map.of(), Map.of("support", 0), "test")
                    .id();
            long fay = agents.create("fay", "Fay", "PJSIP/1103", Map.of(), Map.of("support", 0), "test")
                    .id();
            ApiClient serving = ApiClient.as(omniline, db.repositories(), "eli", AccountRole.agent, eli);
            ApiClient other = ApiClient.as(omniline, db.repositories(), "fay", AccountRole.agent, fay);
            ApiClient supervisor = ApiClient.as(omniline, db.repositories(), "sue", AccountRole.supervisor, null);
            long customer = db.repositories()
                    .customers()
                    .create("Hana Ito", Map.of(), List.of(new IdentityNormalizer("US").phone("+15557770001")))
                    .id();
            long left = voicemail(customer, "default/support/INBOX/msg0000");
            long sneaky = voicemail(customer, "../secret");
            InteractionRepository interactions = db.repositories().interactions();
            Interaction now = interactions.open(
                    NewInteraction.inboundCall("1800000211.1", "1800000211.1", customer, "+15557770001"));
            interactions.queue(now.id(), "support", 0);
            interactions.answerCall(now.id(), eli, 3);

            HttpResponse<byte[]> played =
                    serving.sendBytes("GET", "/api/interactions/" + left + "/voicemail", null, null);
            assertThat(played.statusCode()).isEqualTo(200);
            assertThat(played.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("audio/wav"));
            assertThat(played.body()).isEqualTo(recording);
            assertThat(supervisor
                            .sendBytes("GET", "/api/interactions/" + left + "/voicemail", null, null)
                            .body())
                    .isEqualTo(recording);
            assertThat(other.call("GET", "/api/interactions/" + left + "/voicemail", null, 403)
                            .get("error")
                            .asText())
                    .isEqualTo("this voicemail is from a customer you are not serving now");
            assertThat(supervisor
                            .call("GET", "/api/interactions/" + sneaky + "/voicemail", null, 404)
                            .get("error")
                            .asText())
                    .doesNotContain("secret.wav")
                    .doesNotContain(spool.toString());
            assertThat(supervisor
                            .call("GET", "/api/interactions/" + now.id() + "/voicemail", null, 404)
                            .get("error")
                            .asText())
                    .contains("voicemail message");
        }
        try (Omniline elsewhere = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            ApiClient supervisor = ApiClient.signIn(elsewhere, "sue", "sue");
            long left = db.repositories()
                    .interactions()
                    .findByExternalId(io.omniline.db.interaction.Channel.voice, "vm-default/support/INBOX/msg0000")
                    .orElseThrow()
                    .id();
            assertThat(supervisor
                            .call("GET", "/api/interactions/" + left + "/voicemail", null, 409)
                            .get("error")
                            .asText())
                    .contains("voicemail.spoolDirectory is not set");
        }
    }

    /** A caller who left a message, as the call tracker records it (VM_MESSAGEFILE, VMSTATUS=SUCCESS). */
    private static long voicemail(long customer, String message) {
        InteractionRepository interactions = db.repositories().interactions();
        Interaction call =
                interactions.open(NewInteraction.inboundCall("vm-" + message, null, customer, "+15557770001"));
        interactions.putMetadata(
                call.id(),
                Map.of("voicemail", Map.of("mailbox", "support@default", "status", "left", "message", message)));
        return interactions.end(call.id(), InteractionOutcome.voicemail).id();
    }

    private static long filed(String uniqueId, String number, String queue) {
        InteractionRepository interactions = db.repositories().interactions();
        Interaction call = interactions.open(NewInteraction.inboundCall(uniqueId, uniqueId, null, number));
        interactions.end(call.id(), InteractionOutcome.callback_requested);
        return db.repositories()
                .callbacks()
                .request(call.id(), null, number, queue, 3, Instant.now())
                .id();
    }

    private static OmnilineConfig withSpool(OmnilineConfig config, String spool) {
        return new OmnilineConfig(
                config.http(),
                config.database(),
                config.identity(),
                config.ivr(),
                config.agi(),
                config.ami(),
                config.chat(),
                config.digital(),
                config.email(),
                config.sms(),
                config.auth(),
                config.softphone(),
                config.reports(),
                config.callbacks(),
                new OmnilineConfig.Voicemail(spool));
    }
}
