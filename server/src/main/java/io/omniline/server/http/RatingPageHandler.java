package io.omniline.server.http;

import io.omniline.bridge.surveys.SurveyRatings;
import io.omniline.bridge.surveys.SurveyRatings.Outcome;
import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.MultiMap;
import org.eclipse.jetty.util.UrlEncoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /rate}: the public page a rating link in a follow-up mail opens. Opening it (GET) only
 * shows the choice, so a mail scanner that follows the link rates nothing; the customer's click
 * posts the form, and only that stores the score. Whatever goes wrong, the customer reads a
 * sentence: never a thanks for a rating that was not stored.
 */
public final class RatingPageHandler extends Handler.Abstract {

    /** A token and a digit fit many times over. */
    public static final int MAX_BODY = 1024;

    private static final Logger log = LoggerFactory.getLogger(RatingPageHandler.class);

    private final SurveyRatings ratings;

    public RatingPageHandler(SurveyRatings ratings) {
        this.ratings = ratings;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            return switch (request.getMethod()) {
                case "GET", "HEAD" -> {
                    String token = Request.extractQueryParameters(request).getValue("t");
                    yield answer(response, callback, ratings.check(token), token);
                }
                case "POST" -> {
                    MultiMap<String> form = form(request);
                    String token = form.getValue("t");
                    yield answer(response, callback, ratings.rate(token, form.getValue("score")), token);
                }
                default -> page(response, callback, 405, "Not here", "This page only shows and takes a rating.");
            };
        } catch (IllegalArgumentException | IOException e) {
            return page(response, callback, 400, "Not a rating", "Please open the link from our mail as it is.");
        } catch (RuntimeException e) {
            log.warn("a rating could not be stored", e);
            return page(
                    response,
                    callback,
                    503,
                    "Please try again",
                    "We could not save your rating just now. Please open the link again in a few minutes.");
        }
    }

    private static MultiMap<String> form(Request request) throws IOException {
        try {
            return UrlEncoded.decodeQuery(RequestBodies.text(request));
        } catch (RequestBodies.TooLargeException e) {
            throw new IllegalArgumentException("form larger than " + MAX_BODY + " bytes", e);
        }
    }

    private static boolean answer(Response response, Callback callback, Outcome outcome, String token) {
        return switch (outcome) {
            case OPEN -> choice(response, callback, token);
            case THANKS ->
                page(response, callback, 200, "Thank you", "Your rating is saved with your conversation. Thank you!");
            case ALREADY_RATED ->
                page(
                        response,
                        callback,
                        409,
                        "Already rated",
                        "This conversation has been rated already; the first rating stands. Thank you!");
            case EXPIRED ->
                page(
                        response,
                        callback,
                        410,
                        "Link expired",
                        "This rating link has expired; it works for a while only.");
            case NOT_VALID ->
                page(
                        response,
                        callback,
                        404,
                        "Link not valid",
                        "This rating link is not valid. Please open the link from our mail as it is.");
            case NOT_A_RATING -> page(response, callback, 400, "Not a rating", "Please choose a score from 1 to 5.");
        };
    }

    private static boolean choice(Response response, Callback callback, String token) {
        StringBuilder buttons = new StringBuilder();
        String[] words = {"poorly", "not well", "fairly", "well", "very well"};
        for (int score = 1; score <= 5; score++) {
            buttons.append("<button type=\"submit\" name=\"score\" value=\"")
                    .append(score)
                    .append("\">")
                    .append(score)
                    .append(" – ")
                    .append(words[score - 1])
                    .append("</button>\n");
        }
        String body = "<p>How well did we help? Choose a score.</p>\n"
                + "<form method=\"post\" action=\"/rate\">\n<input type=\"hidden\" name=\"t\" value=\""
                + escape(token) + "\">\n" + buttons + "</form>";
        return write(response, callback, 200, "How did we do?", body);
    }

    private static boolean page(Response response, Callback callback, int status, String title, String sentence) {
        return write(response, callback, status, title, "<p>" + escape(sentence) + "</p>");
    }

    private static boolean write(Response response, Callback callback, int status, String title, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // The token is in the address: no page this one links to may learn it.
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders()
                .put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        String html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}"
                + "button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font-size:1.1rem}</style>"
                + "</head><body><h1>" + escape(title) + "</h1>\n" + body + "\n</body></html>\n";
        Content.Sink.write(response, true, html, callback);
        return true;
    }

    private static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
