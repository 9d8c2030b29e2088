package io.omniline.server.web.prompts;

import io.omniline.db.prompt.PromptAudio;
import io.omniline.db.prompt.PromptInfo;
import io.omniline.server.prompts.PromptService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What asterisk-conf/sync-prompts.sh fetches when Asterisk runs on another host, with the
 * shared token of {@code ivr.promptSyncToken} as {@code Authorization: Bearer}:
 * {@code GET /prompts/sync/index} lists every prompt file as {@code sha256sum} prints it
 * ({@code <sha256>  <lang>/<name>.wav}), and {@code GET /prompts/sync/files/<lang>/<name>.wav}
 * is one file. Read-only; a wrong or missing token is a 401.
 */
public final class PromptSyncHandler extends Handler.Abstract {

    public static final String PATH = "/prompts/sync/*";
    private static final String INDEX = "/prompts/sync/index";
    private static final String FILES = "/prompts/sync/files/";

    private final PromptService prompts;
    private final byte[] token;

    public PromptSyncHandler(PromptService prompts, String token) {
        this.prompts = prompts;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null || !MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8), token)) {
            return text(response, callback, 401, "the prompt sync needs Authorization: Bearer <ivr.promptSyncToken>");
        }
        if (!"GET".equals(request.getMethod())) {
            return text(response, callback, 405, "GET only");
        }
        String path = request.getHttpURI().getPath();
        if (path.equals(INDEX)) {
            StringBuilder index = new StringBuilder();
            for (PromptInfo prompt : prompts.list()) {
                index.append(prompt.sha256())
                        .append("  ")
                        .append(prompt.language())
                        .append('/')
                        .append(prompt.name())
                        .append(".wav\n");
            }
            return text(response, callback, 200, index.toString());
        }
        if (path.startsWith(FILES) && path.endsWith(".wav")) {
            String file = path.substring(FILES.length(), path.length() - ".wav".length());
            int slash = file.indexOf('/');
            if (slash > 0) {
                try {
                    PromptAudio audio = prompts.audio(file.substring(slash + 1), file.substring(0, slash));
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "audio/wav");
                    response.getHeaders().put(HttpHeader.ETAG, "\"" + audio.sha256() + "\"");
                    response.write(true, ByteBuffer.wrap(audio.wav()), callback);
                    return true;
                } catch (IllegalArgumentException | io.omniline.db.NotFoundException e) {
                    return text(response, callback, 404, "no such prompt file: " + file + ".wav");
                }
            }
        }
        return text(response, callback, 404, "try " + INDEX);
    }

    private static boolean text(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, status == 200 ? body : body + "\n", callback);
        return true;
    }
}
