package io.omniline.server.softphone;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SIP message as RFC 7118 carries it (a whole message per WebSocket text frame): start line,
 * headers in order, body. Header names are matched case-insensitively and in their compact forms.
 */
final class SipMessage {

    private static final Map<String, String> COMPACT = Map.of(
            "v",
            "via",
            "f",
            "from",
            "t",
            "to",
            "i",
            "call-id",
            "m",
            "contact",
            "l",
            "content-length",
            "c",
            "content-type",
            "k",
            "supported",
            "r",
            "refer-to",
            "o",
            "event");
    private static final Pattern TAG = Pattern.compile(";tag=([^;>\\s]+)");
    private static final Pattern URI_IN_BRACKETS = Pattern.compile("<([^>]+)>");

    private final String startLine;
    private final List<String[]> headers;
    private final String body;

    private SipMessage(String startLine, List<String[]> headers, String body) {
        this.startLine = startLine;
        this.headers = headers;
        this.body = body;
    }

    static SipMessage parse(String text) {
        int split = text.indexOf("\r\n\r\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 4);
        String[] lines = head.split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if ((lines[i].startsWith(" ") || lines[i].startsWith("\t")) && !headers.isEmpty()) {
                String[] last = headers.getLast();
                last[1] = last[1] + " " + lines[i].strip();
                continue;
            }
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {
                lines[i].substring(0, colon).strip(),
                lines[i].substring(colon + 1).strip()
            });
        }
        return new SipMessage(lines[0], headers, body);
    }

    static SipMessage request(String method, String uri) {
        return new SipMessage(method + " " + uri + " SIP/2.0", new ArrayList<>(), "");
    }

    /** A response to {@code request} with its Via, From, To, Call-ID and CSeq. */
    static SipMessage response(SipMessage request, int status, String reason) {
        SipMessage response = new SipMessage("SIP/2.0 " + status + " " + reason, new ArrayList<>(), "");
        for (String name : List.of("Via", "From", "To", "Call-ID", "CSeq")) {
            request.all(name).forEach(value -> response.add(name, value));
        }
        return response;
    }

    SipMessage add(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    SipMessage set(String name, String value) {
        headers.removeIf(header -> canonical(header[0]).equals(canonical(name)));
        return add(name, value);
    }

    SipMessage withBody(String contentType, String content) {
        set("Content-Type", contentType);
        return new SipMessage(startLine, headers, content);
    }

    boolean isRequest() {
        return !startLine.startsWith("SIP/2.0");
    }

    String method() {
        return isRequest() ? startLine.substring(0, startLine.indexOf(' ')) : cseqMethod();
    }

    String requestUri() {
        return startLine.split(" ")[1];
    }

    int status() {
        return isRequest() ? 0 : Integer.parseInt(startLine.split(" ")[1]);
    }

    String header(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? null : values.getFirst();
    }

    List<String> all(String name) {
        String wanted = canonical(name);
        return headers.stream()
                .filter(header -> canonical(header[0]).equals(wanted))
                .map(header -> header[1])
                .toList();
    }

    String body() {
        return body;
    }

    String callId() {
        return header("Call-ID");
    }

    long cseq() {
        return Long.parseLong(header("CSeq").split("\\s+")[0]);
    }

    String cseqMethod() {
        return header("CSeq").split("\\s+")[1];
    }

    String fromTag() {
        return tagOf(header("From"));
    }

    String toTag() {
        return tagOf(header("To"));
    }

    /** The user part of a header's SIP URI, e.g. 1002 of {@code "Amy" <sip:1002@pbx>;tag=x}. */
    static String userOf(String nameAddr) {
        String uri = uriOf(nameAddr);
        int at = uri.indexOf('@');
        int colon = uri.indexOf(':');
        return at < 0 ? "" : uri.substring(colon + 1, at);
    }

    static String uriOf(String nameAddr) {
        Matcher bracketed = URI_IN_BRACKETS.matcher(nameAddr);
        return bracketed.find() ? bracketed.group(1) : nameAddr.split(";")[0].strip();
    }

    static String tagOf(String nameAddr) {
        Matcher tag = TAG.matcher(nameAddr == null ? "" : nameAddr);
        return tag.find() ? tag.group(1) : null;
    }

    String render() {
        StringBuilder text = new StringBuilder(startLine).append("\r\n");
        for (String[] header : headers) {
            if (!canonical(header[0]).equals("content-length")) {
                text.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
        }
        text.append("Content-Length: ")
                .append(body.getBytes(StandardCharsets.UTF_8).length)
                .append("\r\n\r\n")
                .append(body);
        return text.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    private static String canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return COMPACT.getOrDefault(lower, lower);
    }
}
