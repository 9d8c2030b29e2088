package io.omniline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.testing.TestDatabase;
import io.omniline.server.ApiClient;
import io.omniline.server.Omniline;
import io.omniline.server.TestConfigs;
import io.omniline.server.api.JsonApiHandler;
import io.omniline.server.auth.AuthHandler;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request bodies are limited while they are read, on every route: a chunked body (no
 * Content-Length to look at) is refused with 413 as soon as it passes the route's limit, whether
 * it trickles in or floods, and the server stops reading it and closes the connection, so the
 * client cannot even get the rest of its gibibyte onto the wire.
 */
class RequestBodyLimitTest {

    private static final String WEBHOOK_SECRET = "webhook-secret-for-tests-0123456789";
    private static final long GIBIBYTE = 1024L * 1024 * 1024;
    /** What a client gets onto the wire past a limit before it is stopped: socket buffers on both ends, a chunk in flight. */
    private static final long SLACK = 16L * 1024 * 1024;

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Omniline omniline;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        omniline = Omniline.start(TestConfigs.withSmsWebhook(TestConfigs.forDatabase(db.settings()), WEBHOOK_SECRET));
        admin = ApiClient.admin(omniline);
    }

    @AfterAll
    static void stop() throws Exception {
        omniline.close();
    }

    @Test
    void aLoginBodyTricklingInIsRefusedOnceItPassesTheLimit() throws Exception {
        try (ChunkedUpload upload = new ChunkedUpload(
                omniline.httpPort(),
                "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n",
                64L * 1024 * 1024,
                256,
                Duration.ofMillis(2))) {
            ChunkedUpload.Answer answer = upload.answer();

            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.sentBeforeIt()).isLessThan(AuthHandler.MAX_BODY + 64 * 1024);
            assertCutOff(upload, 64L * 1024 * 1024, AuthHandler.MAX_BODY);
        }
    }

    @Test
    void anApiBodyFloodingInIsRefusedAndNeverReadWhole() throws Exception {
        try (ChunkedUpload upload = new ChunkedUpload(
                omniline.httpPort(),
                "PUT /api/flows/main/draft HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nCookie: "
                        + admin.cookie() + "\r\n" + AuthHandler.CSRF_HEADER + ": " + admin.csrf() + "\r\n",
                GIBIBYTE,
                64 * 1024,
                Duration.ZERO)) {
            ChunkedUpload.Answer answer = upload.answer();

            assertThat(answer.status()).isEqualTo(413);
            assertCutOff(upload, GIBIBYTE, JsonApiHandler.MAX_BODY);
        }
    }

    @Test
    void theSmsWebhookRefusesAChunkedBodyOverItsLimit() throws Exception {
        try (ChunkedUpload upload = new ChunkedUpload(
                omniline.httpPort(),
                "POST /webhooks/sms HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Omniline-Signature: t=1,v1=00\r\n",
                GIBIBYTE,
                1024,
                Duration.ofMillis(1))) {
            ChunkedUpload.Answer answer = upload.answer();

            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.sentBeforeIt()).isLessThan(SmsWebhookHandler.MAX_BODY + 256 * 1024);
            assertCutOff(upload, GIBIBYTE, SmsWebhookHandler.MAX_BODY);
        }
    }

    @Test
    void aBodyWhereNoneIsReadOrNoSessionLetsItBeReadIsNotReadEither() throws Exception {
        for (String head : new String[] {
            "POST /health HTTP/1.1\r\nHost: x\r\n",
            "PUT /api/flows/main/draft HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n",
            "POST /nowhere HTTP/1.1\r\nHost: x\r\n"
        }) {
            try (ChunkedUpload upload =
                    new ChunkedUpload(omniline.httpPort(), head, GIBIBYTE, 64 * 1024, Duration.ZERO)) {
                ChunkedUpload.Answer answer = upload.answer();

                assertThat(answer.head()).as(head).startsWith("HTTP/1.1 ");
                assertCutOff(upload, GIBIBYTE, 0);
            }
        }
    }

    @Test
    void aContentLengthOverTheLimitIsRefusedBeforeAnyOfTheBodyIsRead() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", omniline.httpPort())) {
            socket.getOutputStream()
                    .write(("POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 314572800\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.setSoTimeout(30_000);
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(answer)
                    .startsWith("HTTP/1.1 413")
                    .contains("{\"error\":\"the request is larger than this address accepts\"}")
                    .doesNotContain("org.eclipse")
                    .doesNotContain("Exception");
        }
    }

    /**
     * The server closed the connection long before the client could send what it meant to: all
     * the client got onto the wire is the limit plus what socket buffers hold, so no more than that
     * can have been read, let alone kept.
     */
    private static void assertCutOff(ChunkedUpload upload, long meant, long limit) throws InterruptedException {
        upload.awaitWriterStopped(Duration.ofSeconds(60));
        assertThat(upload.writerStopped())
                .as("the server closed the connection")
                .isTrue();
        assertThat(upload.writerFinished()).isFalse();
        assertThat(upload.writeFailure()).isNotNull();
        assertThat(upload.sent()).isLessThan(limit + SLACK).isLessThan(meant);
    }
}
