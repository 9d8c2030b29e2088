package io.omniline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * Whatever a handler throws, the page says only the status, and the API's paths the status in
 * words: no SQL, no class name, no stack trace.
 */
class ErrorPagesTest {

    @Test
    void aFailingHandlersPageShowsTheStatusAndNothingOfTheException() throws Exception {
        Handler failing = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                throw new IllegalStateException(
                        "SQL [insert into message (body) values (?)]; ERROR: invalid byte sequence");
            }
        };
        HttpServer server = new HttpServer(
                new HttpServer.Settings("127.0.0.1", 0, null, null),
                List.of(WebRoute.withoutBody("/fails", failing), WebRoute.withoutBody("/api/fails", failing)),
                Map.of(),
                new SimpleMeterRegistry());
        server.start();
        try {
            for (String accept : new String[] {"text/html", "application/json", "text/plain"}) {
                HttpResponse<String> page = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/fails"))
                                        .header("Accept", accept)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());

                assertThat(page.statusCode()).isEqualTo(500);
                assertThat(page.body())
                        .as(accept)
                        .contains("Server Error")
                        .doesNotContain("insert")
                        .doesNotContain("SQL")
                        .doesNotContain("IllegalStateException")
                        .doesNotContain("at io.omniline");
            }
            HttpResponse<String> api = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/fails"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(500);
            assertThat(api.headers().firstValue("content-type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(api.body())
                    .as("where programs call, the API's JSON words")
                    .isEqualTo("{\"error\":\"something went wrong on the server; the details are in its log\"}");
        } finally {
            server.close();
        }
    }
}
