package io.omniline.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniline.bridge.testing.ChatClient;
import io.omniline.db.DatabaseSettings;
import io.omniline.db.interaction.Channel;
import io.omniline.db.message.Message;
import io.omniline.db.testing.TestDatabase;
import io.omniline.server.Main;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes on one database; the node a visitor is chatting on is killed (SIGKILL: no shutdown,
 * nothing flushed). The widget reconnects to the other node with its conversation token and goes
 * on in the same conversation: every message acknowledged before the kill is in the transcript it
 * gets back, a message whose ack the kill swallowed is stored once when resent, and new messages
 * are acknowledged by the new node.
 */
class ChatNodeTakeoverTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Pattern UP = Pattern.compile("Omniline is up: .*, chat http://[^ ]+:(\\d+)/widget\\.js");

    @Test
    void aVisitorWhoseNodeIsKilledGoesOnInTheSameConversationOnTheOtherNode() throws Exception {
        List<String> output = new CopyOnWriteArrayList<>();
        Process nodeA = startNode(output);
        try (Omniline nodeB = Omniline.start(TestConfigs.forDatabase(db.settings()))) {
            int chatOnA = awaitChatPort(nodeA, output);
            String token;
            String conversation;
            try (ChatClient visitor = ChatClient.connect(chatOnA)) {
                JsonNode welcome = visitor.hello(null, "Sam", null, null).next("welcome");
                token = welcome.path("token").asText();
                conversation = welcome.path("conversation").asText();
                visitor.say("a", "first").next("ack");
                visitor.say("b", "second").next("ack");
                visitor.say("c", "sent as the node died");

                nodeA.destroyForcibly();
                assertThat(nodeA.waitFor(30, TimeUnit.SECONDS))
                        .as("node A killed")
                        .isTrue();
            }

            try (ChatClient visitor = ChatClient.connect(nodeB.chatPort().orElseThrow())) {
                JsonNode resumed = visitor.hello(token, null, null, null).next("welcome");
                assertThat(resumed.path("conversation").asText()).isEqualTo(conversation);
                List<String> before = texts(resumed.path("transcript"));
                assertThat(before).as("everything acknowledged before the kill").startsWith("first", "second");

                JsonNode resent = visitor.say("c", "sent as the node died").next("ack");
                assertThat(resent.path("ref").asText()).isEqualTo("c");
                visitor.say("d", "and after").next("ack");
            }

            long interaction = db.repositories()
                    .interactions()
                    .findByExternalId(Channel.chat, conversation)
                    .orElseThrow()
                    .id();
            assertThat(db.repositories().messages().transcript(interaction))
                    .extracting(Message::body)
                    .as("each message once, in order")
                    .containsExactly("first", "second", "sent as the node died", "and after");
        } finally {
            nodeA.destroyForcibly();
        }
    }

    private static List<String> texts(JsonNode transcript) {
        List<String> texts = new java.util.ArrayList<>();
        transcript.forEach(line -> texts.add(line.path("text").asText()));
        return texts;
    }

    /** Node A in a JVM of its own, so that it can be killed; its log is read as it comes. */
    private static Process startNode(List<String> output) throws IOException {
        DatabaseSettings settings = db.settings();
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                        Main.class.getName(),
                        "run")
                .redirectErrorStream(true);
        builder.environment().put("OMNILINE_DATABASE_URL", settings.jdbcUrl());
        builder.environment().put("OMNILINE_DATABASE_USER", settings.user());
        if (settings.password() != null) {
            builder.environment().put("OMNILINE_DATABASE_PASSWORD", settings.password());
        }
        // A loaded test machine can take longer than the default 5 s to let a new JVM in.
        builder.environment().put("OMNILINE_DATABASE_CONNECT_TIMEOUT_SECONDS", "30");
        builder.environment().put("OMNILINE_HTTP_PORT", "0");
        builder.environment().put("OMNILINE_AGI_PORT", "0");
        builder.environment().put("OMNILINE_CHAT_PORT", "0");
        builder.environment().put("OMNILINE_AMI_ENABLED", "false");
        Process process = builder.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                // The node was killed.
            }
        });
        return process;
    }

    private static int awaitChatPort(Process node, List<String> output) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && node.isAlive()) {
            for (String line : output) {
                Matcher up = UP.matcher(line);
                if (up.find()) {
                    return Integer.parseInt(up.group(1));
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("node A did not come up:\n" + String.join("\n", output));
    }
}
