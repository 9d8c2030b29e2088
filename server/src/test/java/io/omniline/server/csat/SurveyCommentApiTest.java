package io.omniline.server.csat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.account.AccountRole;
import io.omniline.db.agent.AgentRepository;
import io.omniline.db.csat.CsatSurveys;
import io.omniline.db.csat.SurveyCommentName;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller's recorded survey comment, played from the server's view of Asterisk's comment folder
 * to whoever may hear that customer's recordings (the voicemail's rule), and to nobody else; names
 * that could leave the folder never reach it.
 */
class SurveyCommentApiTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path folder;

    @Test
    void aCommentIsPlayedOnlyToThoseWhoMayHearTheCustomersRecordings() throws Exception {
        Path comments = Files.createDirectories(folder.resolve("comments"));
        Files.writeString(folder.resolve("secret.wav"), "not a comment");
        byte[] recording = "RIFF....WAVEfmt the comment".getBytes();
        try (Omniline omniline = Omniline.start(
                TestConfigs.withSurveyComments(TestConfigs.forDatabase(db.settings()), comments.toString()))) {
            AgentRepository agents = db.repositories().agents();
            long gil = agents.create("gil", "Gil", "PJSIP/1201", Map.of(), Map.of("support", 0), "test")
                    .id();
            long hal = agents.create("hal", "Hal", "PJSIP/1202", Map.of(), Map.of("support", 0), "test")
                    .id();
            ApiClient serving = ApiClient.as(omniline, db.repositories(), "gil", AccountRole.agent, gil);
            ApiClient other = ApiClient.as(omniline, db.repositories(), "hal", AccountRole.agent, hal);
            ApiClient supervisor = ApiClient.as(omniline, db.repositories(), "sid", AccountRole.supervisor, null);
            long customer = db.repositories()
                    .customers()
                    .create("Ines Roy", Map.of(), List.of(new IdentityNormalizer("US").phone("+15557770101")))
                    .id();
            long commented = surveyed(customer, "1800000301.1");
            String name = SurveyCommentName.next(commented);
            Files.write(comments.resolve(name + ".wav"), recording);
            assertThat(db.repositories().csatSurveys().keepCommentRecording(commented, name))
                    .isTrue();
            long silent = surveyed(customer, "1800000302.1");
            long vanished = surveyed(customer, "1800000303.1");
            db.repositories().csatSurveys().keepCommentRecording(vanished, SurveyCommentName.next(vanished));
            long unreadable = surveyed(customer, "1800000305.1");
            String unreadableName = SurveyCommentName.next(unreadable);
            Files.createDirectories(comments.resolve(unreadableName + ".wav"));
            db.repositories().csatSurveys().keepCommentRecording(unreadable, unreadableName);
            InteractionRepository interactions = db.repositories().interactions();
            Interaction now = interactions.open(
                    NewInteraction.inboundCall("1800000304.1", "1800000304.1", customer, "+15557770101"));
            interactions.queue(now.id(), "support", 0);
            interactions.answerCall(now.id(), gil, 3);
            String path = "/api/interactions/" + commented + "/survey-comment";

            HttpResponse<byte[]> played = serving.sendBytes("GET", path, null, null);
            assertThat(played.statusCode()).isEqualTo(200);
            assertThat(played.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("audio/wav"));
            assertThat(played.body()).isEqualTo(recording);
            assertThat(supervisor.sendBytes("GET", path, null, null).body()).isEqualTo(recording);
            assertThat(other.call("GET", path, null, 403).get("error").asText())
                    .isEqualTo("this survey comment is from a customer you are not serving now");
            assertThat(supervisor
                            .call("GET", "/api/interactions/" + silent + "/survey-comment", null, 404)
                            .get("error")
                            .asText())
                    .contains("recorded survey comment");
            assertThat(supervisor
                            .call("GET", "/api/interactions/" + vanished + "/survey-comment", null, 404)
                            .get("error")
                            .asText())
                    .contains("not copied from Asterisk's comment directory yet")
                    .doesNotContain(comments.toString());
            assertThat(supervisor
                            .call("GET", "/api/interactions/" + unreadable + "/survey-comment", null, 409)
                            .get("error")
                            .asText())
                    .as("the file system's reason and the path are for the log, not the page")
                    .isEqualTo("the survey comment recording could not be read from the server's recordings folder;"
                            + " ask an admin to check it");
            assertThat(supervisor
                            .call("GET", "/api/interactions/99999999/survey-comment", null, 404)
                            .get("error")
                            .asText())
                    .contains("interaction");
        }
        try (Omniline elsewhere = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            ApiClient supervisor = ApiClient.signIn(elsewhere, "sid", "sid");
            long commented = db.repositories()
                    .interactions()
                    .findByExternalId(io.omniline.db.interaction.Channel.voice, "1800000301.1")
                    .orElseThrow()
                    .id();
            assertThat(supervisor
                            .call("GET", "/api/interactions/" + commented + "/survey-comment", null, 409)
                            .get("error")
                            .asText())
                    .contains("reports.surveys.commentDirectory is not set");
        }
    }

    @Test
    void aNameThatCouldLeaveTheCommentFolderIsNeverStoredNorRead() throws Exception {
        long customer = db.repositories()
                .customers()
                .create("Jon Ray", Map.of(), List.of(new IdentityNormalizer("US").phone("+15557770102")))
                .id();
        long id = surveyed(customer, "1800000311.1");
        CsatSurveys surveys = db.repositories().csatSurveys();

        for (String sneaky : List.of("../secret", "/etc/passwd", "survey-comment-1-../../x", "")) {
            assertThatThrownBy(() -> surveys.keepCommentRecording(id, sneaky))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> db.dsl()
                        .execute("update csat_survey set comment_recording = '../secret' where interaction_id = ?", id))
                .as("the column's check refuses it too")
                .isInstanceOf(DataAccessException.class);
        assertThat(surveys.commentRecording(id)).isEmpty();
        Files.writeString(folder.resolve("secret.wav"), "not a comment");
        Path comments = Files.createDirectories(folder.resolve("comments"));
        io.omniline.server.recordings.RecordingFolder read = new io.omniline.server.recordings.RecordingFolder(
                comments, "reports.surveys.commentDirectory", "survey comment recording", 1024);
        assertThatThrownBy(() -> read.read("../secret", "gone"))
                .isInstanceOf(io.omniline.db.NotFoundException.class)
                .hasMessageNotContaining(comments.toString());
    }

    /** A call whose survey was offered, as the survey handler leaves it. */
    private static long surveyed(long customer, String uniqueId) {
        InteractionRepository interactions = db.repositories().interactions();
        Interaction call = interactions.open(NewInteraction.inboundCall(uniqueId, uniqueId, customer, "+15557770101"));
        long id = interactions.end(call.id(), InteractionOutcome.completed).id();
        db.repositories().csatSurveys().offer(id, "voice", Instant.now());
        return id;
    }
}
