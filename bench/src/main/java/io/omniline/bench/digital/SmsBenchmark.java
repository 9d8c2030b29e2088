package io.omniline.bench.digital;

import io.omniline.bench.Figure;
import io.omniline.bench.node.BenchNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.Recorder;

/**
 * SMS through the node's inbound pipeline, as a provider posts them to its signed webhook: texts
 * from customers of the database (7 in 10) and from numbers it does not know, at a steady rate,
 * each signed with the shared secret as the README says. The node answers 200 only once the
 * text is stored and routed, so the time to the answer is the figure.
 */
public final class SmsBenchmark {

    private final BenchNode node;

    public SmsBenchmark(BenchNode node) {
        this.node = node;
    }

    /**
     * @param stored texts (of {@code sent}) found in the database afterwards
     * @param otherAnswers the answers that were not 200, by status (or by the exception that came instead)
     */
    public record Result(
            int sent,
            long answered200,
            long stored,
            double answeredPerSecond,
            Figure latency,
            Map<String, Long> otherAnswers) {}

    public Result run(int texts, int ratePerSecond) throws Exception {
        List<String> customers = node.repositories().bench().phones(false, Math.max(1, texts / 3));
        String run = Long.toString(System.currentTimeMillis(), 36);
        long floor = node.repositories().bench().lastMessageId();
        Recorder latency = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        Map<String, Long> others = new ConcurrentHashMap<>();
        AtomicLong lastAnswer = new AtomicLong();
        URI webhook = URI.create("http://127.0.0.1:" + node.httpPort() + "/webhooks/sms");
        List<CompletableFuture<?>> posts = new ArrayList<>();
        Pacer pacer = new Pacer(ratePerSecond);
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < texts; i++) {
                pacer.await(i);
                String from = i % 10 < 7 && !customers.isEmpty()
                        ? customers.get(i % customers.size())
                        : String.format(Locale.ROOT, "+1%03d555%04d", 301 + i % 600, i % 10_000);
                String body = String.format(
                        Locale.ROOT,
                        "{\"id\":\"bench-%s-%d\",\"from\":\"%s\",\"text\":\"Is my order %d " + "on its way?\"}",
                        run,
                        i,
                        from,
                        100_000 + i);
                long sentAt = System.nanoTime();
                posts.add(http.sendAsync(
                                HttpRequest.newBuilder(webhook)
                                        .header("Content-Type", "application/json")
                                        .header("X-Omniline-Signature", signature(body))
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, failure) -> {
                            long now = System.nanoTime();
                            if (response != null && response.statusCode() == 200) {
                                ok.incrementAndGet();
                                latency.recordValue(now - sentAt);
                                lastAnswer.accumulateAndGet(now, Math::max);
                            } else {
                                others.merge(
                                        response != null
                                                ? "HTTP " + response.statusCode()
                                                : failure.getClass().getSimpleName(),
                                        1L,
                                        Long::sum);
                            }
                        }));
            }
            CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new))
                    .exceptionally(failure -> null)
                    .join();
        }
        long stored = node.repositories().bench().messagesAfter(floor, "webhook:bench-" + run + "-");
        double seconds = Math.max(1e-3, (lastAnswer.get() - pacer.start()) / 1e9);
        return new Result(
                texts,
                ok.get(),
                stored,
                ok.get() / seconds,
                Figure.of("sms: webhook post -> 200 (stored and routed)", latency.getIntervalHistogram(), ""),
                new TreeMap<>(others));
    }

    /** {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, as a provider signs it. */
    private String signature(String body) throws GeneralSecurityException {
        long now = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(node.webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "t=" + now + ",v1="
                + HexFormat.of().formatHex(mac.doFinal((now + "." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
