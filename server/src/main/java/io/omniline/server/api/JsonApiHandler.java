package io.omniline.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniline.db.ConflictException;
import io.omniline.db.NotFoundException;
import io.omniline.db.SqlStates;
import io.omniline.db.account.WebSession;
import io.omniline.ivr.model.Problem;
import io.omniline.ivr.validate.InvalidFlowException;
import io.omniline.server.auth.AuthHandler;
import io.omniline.server.auth.Authenticator;
import io.omniline.server.auth.CsrfCheck;
import io.omniline.server.http.RequestBodies;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes JSON API calls to endpoints and turns failures into JSON errors with the right status:
 * 401 without a session, 403 for a role that may not or a change without the CSRF token,
 * 400 for a bad request, 404 for something missing, 409 for a conflict with the current state,
 * 422 for a flow that does not validate (with every problem), 500 for the rest. Every message passes
 * through {@link ErrorWords}, so none shows a database rule or state name.
 */
public final class JsonApiHandler extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(JsonApiHandler.class);
    /** Largest body read, except on upload routes: a big flow definition fits several times over. */
    public static final int MAX_BODY = 8 * 1024 * 1024;

    private final List<Route> routes;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final Path uploads;

    /** @param uploads where upload routes receive their files, each deleted once its call is answered */
    public JsonApiHandler(List<Route> routes, Authenticator authenticator, ObjectMapper mapper, Path uploads) {
        this.routes = List.copyOf(routes);
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.uploads = uploads;
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String path = request.getHttpURI().getPath();
        ApiResponse answer;
        try {
            answer = dispatch(request, path);
        } catch (InvalidFlowException e) {
            answer = error(422, e.getMessage(), e.problems());
        } catch (ForbiddenException e) {
            answer = error(403, e.getMessage(), null);
        } catch (NotFoundException e) {
            answer = error(404, e.getMessage(), null);
        } catch (ConflictException e) {
            answer = error(409, e.getMessage(), null);
        } catch (FieldProblem e) {
            answer = error(400, e.getMessage(), null, e.field());
        } catch (IllegalArgumentException e) {
            answer = error(400, e.getMessage(), null);
        } catch (RequestBodies.TooLargeException e) {
            answer = error(413, "the request body is larger than " + MAX_BODY / (1024 * 1024) + " MiB", null);
        } catch (RuntimeException e) {
            answer = failed(request, path, e);
        }
        write(response, answer, callback);
        return true;
    }

    private ApiResponse dispatch(Request request, String path) throws IOException {
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> parameters = route.match(path);
            if (parameters == null) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(request.getMethod())) {
                Optional<WebSession> session = authenticator.recognise(AuthHandler.token(request));
                if (session.isEmpty()) {
                    return error(401, "sign in first: POST /auth/login", null);
                }
                if (!route.roles().contains(session.get().account().role())) {
                    return error(
                            403,
                            Roles.refusal(
                                    route.roles(), session.get().account().role(), request.getMethod() + " " + path),
                            null);
                }
                if (!request.getMethod().equals("GET") && !CsrfCheck.passes(request, session.get())) {
                    return error(403, "missing or wrong " + AuthHandler.CSRF_HEADER + " header", null);
                }
                if (route.upload() != null) {
                    return upload(request, route, parameters, session.get());
                }
                return route.endpoint()
                        .handle(new ApiRequest(
                                parameters, query(request), RequestBodies.bytes(request), null, session.get(), mapper));
            }
        }
        return pathKnown
                ? error(405, request.getMethod() + " is not allowed on " + path, null)
                : error(404, "no API at " + path, null);
    }

    /** The body goes to a file of its own, gone when the answer is made, whether the call worked or not. */
    private ApiResponse upload(Request request, Route route, Map<String, String> parameters, WebSession session)
            throws IOException {
        Path file = Files.createTempFile(uploads, "upload-", ".part");
        try {
            RequestBodies.toFile(request, file, route.upload().largestBytes());
            return route.endpoint().handle(new ApiRequest(parameters, query(request), null, file, session, mapper));
        } catch (RequestBodies.TooLargeException e) {
            return error(413, route.upload().tooLarge(), null, route.upload().field());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> query = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        fields.forEach(field -> query.put(field.getName(), field.getValue()));
        return query;
    }

    /** A broken data rule is the request's fault (its words say which); anything else is the server's. */
    private static ApiResponse failed(Request request, String path, RuntimeException e) {
        if (SqlStates.is(e, SqlStates.CHECK_VIOLATION)) {
            return error(400, SqlStates.serverMessage(e), null);
        }
        if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
            return error(409, SqlStates.serverMessage(e), null);
        }
        log.error("{} {} failed", request.getMethod(), path, e);
        return error(500, "internal error; the server log has the details", null);
    }

    private static ApiResponse error(int status, String message, List<Problem> problems) {
        return error(status, message, problems, null);
    }

    /** @param field the request field the error is about, when the thrower knew it */
    private static ApiResponse error(int status, String message, List<Problem> problems, String field) {
        ErrorWords.Words words = ErrorWords.of(message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", words.message());
        String about = field != null ? field : words.field();
        if (about != null) {
            body.put("field", about);
        }
        if (problems != null) {
            body.put("problems", problems);
        }
        return new ApiResponse(status, body);
    }

    /**
     * RFC 6266: an ASCII name for old clients (anything else, quotes and backslashes as {@code _})
     * and the exact name in UTF-8 for the rest.
     */
    static String attachment(String fileName) {
        String ascii = fileName.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        String exact = URLEncoder.encode(fileName, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + exact;
    }

    private void write(Response response, ApiResponse answer, Callback callback) throws JsonProcessingException {
        response.setStatus(answer.status());
        if (answer.body() == null) {
            callback.succeeded();
            return;
        }
        if (answer.body() instanceof ApiResponse.Binary binary) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, binary.contentType());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            if (binary.fileName() != null) {
                response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, attachment(binary.fileName()));
            }
            response.write(true, ByteBuffer.wrap(binary.bytes()), callback);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        // Answers are one account's own data (an agent's SIP password among them): no cache keeps them.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // Bytes straight from the mapper: a report of ten thousand rows is tens of megabytes, copied once less.
        response.write(true, ByteBuffer.wrap(mapper.writeValueAsBytes(answer.body())), callback);
    }
}
