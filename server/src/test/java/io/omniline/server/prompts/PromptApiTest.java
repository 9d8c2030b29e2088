package io.omniline.server.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.db.account.AccountRole;
import io.omniline.db.testing.TestDatabase;
import io.omniline.ivr.model.ExampleFlows;
import io.omniline.ivr.model.FlowParser;
import io.omniline.ivr.model.Node;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.api.JsonApiHandler;
import io.omniline.server.auth.AuthHandler;
import io.omniline.server.http.ChunkedUpload;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prompt catalogue over real HTTP: the shipped prompts installed at start, uploads converted
 * and written into Asterisk's sounds directory, the flow validator checking against what exists,
 * and the sync script an Asterisk on another host runs.
 */
class PromptApiTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String SYNC_TOKEN = "sync-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path asteriskSounds;

    private static Omniline omniline;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        omniline = Omniline.start(
                TestConfigs.withPrompts(TestConfigs.forDatabase(db.settings()), asteriskSounds.toString(), SYNC_TOKEN));
        admin = ApiClient.admin(omniline);
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
    }

    @Test
    void everyPromptTheExampleFlowsPlayShipsInEnglishAndSpanishAndIsWrittenForAsterisk() throws Exception {
        JsonNode prompts = admin.call("GET", "/api/prompts", null, 200);

        Set<String> installed = new HashSet<>();
        prompts.forEach(prompt -> installed.add(
                prompt.get("language").asText() + "/" + prompt.get("name").asText()));
        for (String prompt : examplePrompts()) {
            assertThat(installed).contains("en/" + prompt, "es/" + prompt);
            for (String language : List.of("en", "es")) {
                byte[] file =
                        Files.readAllBytes(asteriskSounds.resolve(language).resolve(prompt + ".wav"));
                AudioFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(file))
                        .getFormat();
                assertThat(format.getSampleRate()).isEqualTo(8000f);
                assertThat(format.getSampleSizeInBits()).isEqualTo(16);
                assertThat(format.getChannels()).isEqualTo(1);
            }
        }
        assertThat(prompts.findValue("words").asText()).isNotBlank();
        assertThat(prompts.get(0).get("source").asText()).isEqualTo("shipped");
    }

    @Test
    void anUploadedRecordingIsConvertedStoredPlayableAndWrittenIntoAsterisksSoundsDirectory() throws Exception {
        String name = "promo/" + unique();
        HttpResponse<byte[]> uploaded = admin.sendBytes(
                "PUT", audio(name, "en") + "&words=Spring+sale", Recordings.stereoWav(44_100), "audio/wav");

        assertThat(uploaded.statusCode())
                .as(new String(uploaded.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        JsonNode stored = new com.fasterxml.jackson.databind.ObjectMapper().readTree(uploaded.body());
        assertThat(stored.get("source").asText()).isEqualTo("upload");
        assertThat(stored.get("words").asText()).isEqualTo("Spring sale");
        assertThat(stored.get("durationMs").asInt()).isBetween(990, 1010);

        HttpResponse<byte[]> played = admin.sendBytes("GET", audio(name, "en"), null, null);
        assertThat(played.statusCode()).isEqualTo(200);
        assertThat(played.headers().firstValue("content-type")).hasValue("audio/wav");
        AudioFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(played.body()))
                .getFormat();
        assertThat(format.getSampleRate()).isEqualTo(8000f);
        assertThat(format.getChannels()).isEqualTo(1);
        assertThat(Files.readAllBytes(asteriskSounds.resolve("en").resolve(name + ".wav")))
                .isEqualTo(played.body());
        assertThat(admin.call("GET", "/api/prompts", null, 200).toString()).contains("\"name\":\"" + name + "\"");
    }

    @Test
    void aRecordingLargerThanTheRestOfTheApiTakesIsAcceptedAndConverted() throws Exception {
        String name = "promo/" + unique();
        byte[] twoMinutes = Recordings.stereoWav(48_000, 110);
        assertThat(twoMinutes.length).isGreaterThan(20 * MIB).isGreaterThan(JsonApiHandler.MAX_BODY);

        HttpResponse<byte[]> uploaded = admin.sendBytes("PUT", audio(name, "en"), twoMinutes, "audio/wav");

        assertThat(uploaded.statusCode())
                .as(new String(uploaded.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(uploaded.body())
                        .get("durationMs")
                        .asInt())
                .isBetween(109_990, 110_010);
        AudioFormat format = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(
                        admin.sendBytes("GET", audio(name, "en"), null, null).body()))
                .getFormat();
        assertThat(format.getSampleRate()).isEqualTo(8000f);
        assertThat(format.getChannels()).isEqualTo(1);
        assertThat(omniline.uploadsBeingReceived()).isEmpty();
        assertThat(admin.call("GET", "/api/prompts/upload-limits", null, 200).toString())
                .isEqualTo("{\"largestBytes\":" + 50 * MIB + ",\"longestMinutes\":5}");
    }

    @Test
    void aRecordingOverTheUploadLimitIsRefusedInWordsAndLeavesNothingBehind() throws Exception {
        String name = "promo/" + unique();
        try (ChunkedUpload upload = new ChunkedUpload(
                omniline.httpPort(),
                "PUT " + audio(name, "en") + " HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\nCookie: "
                        + admin.cookie() + "\r\n" + AuthHandler.CSRF_HEADER + ": " + admin.csrf() + "\r\n",
                60 * MIB,
                64 * 1024,
                Duration.ZERO)) {
            ChunkedUpload.Answer answer = upload.answer();
            JsonNode refused = new com.fasterxml.jackson.databind.ObjectMapper().readTree(upload.answerBody(answer));

            assertThat(answer.status()).isEqualTo(413);
            assertThat(refused.get("error").asText())
                    .isEqualTo("the file is larger than 50 MiB, the most a recording can be; shorten it, or save it"
                            + " as MP3 or as mono WAV");
            assertThat(refused.get("field").asText()).isEqualTo("recording");
        }
        try (java.net.Socket declared = new java.net.Socket("127.0.0.1", omniline.httpPort())) {
            declared.getOutputStream()
                    .write(("PUT " + audio(name, "en") + " HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\nCookie: "
                                    + admin.cookie() + "\r\n" + AuthHandler.CSRF_HEADER + ": " + admin.csrf()
                                    + "\r\nContent-Length: " + (50 * MIB + 1) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            declared.setSoTimeout(30_000);
            assertThat(new String(declared.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 413");
        }

        assertThat(omniline.uploadsBeingReceived()).as("no file left").isEmpty();
        admin.call("GET", audio(name, "en"), null, 404);
        assertThat(admin.call("GET", "/api/prompts", null, 200).toString()).doesNotContain(name);
        assertThat(db.repositories().prompts().list())
                .noneMatch(prompt -> prompt.name().equals(name));
    }

    @Test
    void anMp3IsAcceptedAndWhatIsNotARecordingIsRefusedInWords() throws Exception {
        String name = "promo/" + unique();
        byte[] mp3;
        try (InputStream in = getClass().getResourceAsStream("/prompts/hello-stereo-22k.mp3")) {
            mp3 = in.readAllBytes();
        }
        assertThat(admin.sendBytes("PUT", audio(name, "es"), mp3, "audio/mpeg").statusCode())
                .isEqualTo(200);

        HttpResponse<byte[]> refused = admin.sendBytes(
                "PUT",
                audio("promo/" + unique(), "en"),
                "%PDF-1.7 a price list".getBytes(StandardCharsets.US_ASCII),
                "audio/wav");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode notAudio = new com.fasterxml.jackson.databind.ObjectMapper().readTree(refused.body());
        assertThat(notAudio.get("error").asText())
                .isEqualTo("the file is not a WAV or MP3 recording; upload a WAV or MP3 file of at most 5 minutes");
        assertThat(notAudio.get("field").asText()).isEqualTo("recording");

        HttpResponse<byte[]> badName =
                admin.sendBytes("PUT", audio("../../etc/passwd", "en"), Recordings.stereoWav(8000), "audio/wav");
        assertThat(badName.statusCode()).isEqualTo(400);
        JsonNode nameRefused = new com.fasterxml.jackson.databind.ObjectMapper().readTree(badName.body());
        assertThat(nameRefused.get("error").asText()).contains("must be lowercase letters");
        assertThat(nameRefused.get("field").asText()).isEqualTo("name");
    }

    @Test
    void aFlowNamingAPromptThatDoesNotExistDoesNotPublishUntilItIsUploaded() throws Exception {
        String prompt = "promo/" + unique();
        String flow = "f" + unique();
        String definition = "{\"start\": \"p\", \"nodes\": {\"p\": {\"type\": \"play\", \"prompts\": [\"" + prompt
                + "\"], \"next\": \"q\"}, \"q\": {\"type\": \"queue\", \"queue\": \"support\"}}}";
        JsonNode created = admin.call(
                "POST", "/api/flows", "{\"name\": \"" + flow + "\", \"definition\": " + definition + "}", 201);
        assertThat(created.at("/problems").toString()).contains("prompt \\\"" + prompt + "\\\" does not exist");
        admin.call("POST", "/api/flows/" + flow + "/publish", "{\"comment\": \"too early\"}", 422);

        admin.sendBytes("PUT", audio(prompt, "en"), Recordings.stereoWav(8000), "audio/wav");

        assertThat(admin.call("GET", "/api/flows/" + flow, null, 200).at("/problems"))
                .isEmpty();
        admin.call("POST", "/api/flows/" + flow + "/publish", "{\"comment\": \"now it exists\"}", 201);
    }

    @Test
    void aPromptAFlowUsesOrThatShipsCannotBeDeletedAnUnusedUploadCan() throws Exception {
        admin.call("DELETE", audio("omniline/welcome", "en"), null, 409);

        String prompt = "promo/" + unique();
        admin.sendBytes("PUT", audio(prompt, "en"), Recordings.stereoWav(8000), "audio/wav");
        admin.sendBytes("PUT", audio(prompt, "es"), Recordings.stereoWav(8000), "audio/wav");
        String flow = "f" + unique();
        admin.call(
                "POST",
                "/api/flows",
                "{\"name\": \"" + flow + "\", \"definition\": {\"start\": \"p\", \"nodes\": {\"p\": "
                        + "{\"type\": \"hangup\", \"prompt\": \"" + prompt + "\"}}}}",
                201);

        JsonNode listed = admin.call("GET", "/api/prompts", null, 200);
        for (JsonNode entry : listed) {
            if (entry.get("name").asText().equals(prompt)) {
                assertThat(entry.get("usedBy").toString())
                        .isEqualTo("[{\"flow\":\"" + flow + "\",\"version\":\"draft\",\"nodes\":[\"p\"]}]");
            }
        }
        assertThat(listed.toString()).contains("\"name\":\"" + prompt + "\",\"language\":\"es\"");

        admin.call("DELETE", audio(prompt, "es"), null, 204);
        assertThat(Files.exists(asteriskSounds.resolve("es").resolve(prompt + ".wav")))
                .isFalse();
        JsonNode refused = admin.call("DELETE", audio(prompt, "en"), null, 409);
        assertThat(refused.get("error").asText())
                .isEqualTo("prompt " + prompt + " is used by " + flow + " (draft) at node p. Change those flows first");

        admin.call("DELETE", "/api/flows/" + flow, null, 204);
        admin.call("DELETE", audio(prompt, "en"), null, 204);
        admin.call("GET", audio(prompt, "en"), null, 404);
    }

    @Test
    void supervisorsMayListAndListenAgentsMayNot() throws Exception {
        ApiClient supervisor =
                ApiClient.as(omniline, db.repositories(), "sup-" + unique(), AccountRole.supervisor, null);
        String login = "agent-" + unique();
        long agentId = db.repositories()
                .agents()
                .create(login, "Agent", "PJSIP/" + login, Map.of(), Map.of(), "test")
                .id();
        ApiClient agent = ApiClient.as(omniline, db.repositories(), login, AccountRole.agent, agentId);

        supervisor.call("GET", "/api/prompts", null, 200);
        assertThat(supervisor
                        .sendBytes("GET", audio("omniline/welcome", "es"), null, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(supervisor
                        .sendBytes("PUT", audio("promo/" + unique(), "en"), Recordings.stereoWav(8000), "audio/wav")
                        .statusCode())
                .isEqualTo(403);
        agent.call("GET", "/api/prompts", null, 403);
    }

    @Test
    void theSyncScriptCopiesThePromptsToAnotherHostAndRemovesOnlyWhatItWrote(@TempDir Path otherHost) throws Exception {
        Files.createDirectories(otherHost.resolve("en"));
        Files.writeString(otherHost.resolve("en").resolve("beep.wav"), "Asterisk's own sound");
        String prompt = "promo/" + unique();
        admin.sendBytes("PUT", audio(prompt, "en"), Recordings.stereoWav(22_050), "audio/wav");

        assertThat(sync(otherHost)).isEqualTo(0);
        for (JsonNode listed : admin.call("GET", "/api/prompts", null, 200)) {
            Path file = otherHost
                    .resolve(listed.get("language").asText())
                    .resolve(listed.get("name").asText() + ".wav");
            assertThat(sha256(Files.readAllBytes(file)))
                    .as(file.toString())
                    .isEqualTo(listed.get("sha256").asText());
        }

        admin.call("DELETE", audio(prompt, "en"), null, 204);
        assertThat(sync(otherHost)).isEqualTo(0);
        assertThat(otherHost.resolve("en").resolve(prompt + ".wav")).doesNotExist();
        assertThat(otherHost.resolve("en").resolve("beep.wav")).hasContent("Asterisk's own sound");
        assertThat(otherHost.resolve("en/omniline/welcome.wav")).exists();
    }

    @Test
    void theSyncRoutesWantTheToken() throws Exception {
        String base = "http://127.0.0.1:" + omniline.httpPort() + "/prompts/sync/";
        assertThat(get(base + "index", null).statusCode()).isEqualTo(401);
        assertThat(get(base + "index", "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> index = get(base + "index", "Bearer " + SYNC_TOKEN);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).containsPattern("(?m)^[0-9a-f]{64}  en/omniline/welcome\\.wav$");
        assertThat(get(base + "files/en/../../etc/passwd.wav", "Bearer " + SYNC_TOKEN)
                        .statusCode())
                .isIn(400, 404);
    }

    private static int sync(Path sounds) throws Exception {
        ProcessBuilder script = new ProcessBuilder(
                        "sh",
                        Path.of("../asterisk-conf/sync-prompts.sh")
                                .toAbsolutePath()
                                .toString())
                .redirectErrorStream(true);
        script.environment().put("OMNILINE_URL", "http://127.0.0.1:" + omniline.httpPort());
        script.environment().put("OMNILINE_PROMPT_SYNC_TOKEN", SYNC_TOKEN);
        script.environment().put("ASTERISK_SOUNDS", sounds.toString());
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(0);
        return process.exitValue();
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> examplePrompts() {
        Set<String> prompts = new HashSet<>();
        ExampleFlows.all().values().forEach(json -> {
            for (Node node : new FlowParser().parse(json).flow().nodes().values()) {
                node.prompts().stream().filter(prompt -> prompt != null).forEach(prompts::add);
            }
        });
        assertThat(prompts).hasSize(17);
        return prompts;
    }

    private static String audio(String name, String language) {
        return "/api/prompts/audio?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&language=" + language;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
