package io.omniline.bridge.channels.chat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.omniline.customers.verify.VisitorVerification;
import io.omniline.db.message.Message;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON the gateway speaks, both ways; nothing else in the gateway knows its shape. */
final class ChatFrames {

    static final String RATING_WORDS = "a rating is a whole number from 1 to 5";

    /**
     * Numbers are taken as they are written: a score of 4.7 or "4" is refused, not turned into 4.
     * Text fields still take a number (a code typed as digits), as they always have.
     */
    private static final ObjectMapper MAPPER = strict();

    private ChatFrames() {}

    private static ObjectMapper strict() {
        ObjectMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

    /** A frame refused before it is acted on, with the error code the widget knows it by. */
    static final class RefusedFrame extends IllegalArgumentException {

        private final String code;

        RefusedFrame(String code, String message) {
            super(message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /**
     * @throws RefusedFrame when the text is not a JSON object with a type ({@code bad_frame}), or its
     *     score is not a whole number a rating can be ({@code bad_rating})
     */
    static ClientFrame parse(String json) {
        ClientFrame frame;
        try {
            frame = MAPPER.readValue(json, ClientFrame.class);
        } catch (JsonProcessingException e) {
            // Jackson's own words name Java types; the widget shows this to a visitor.
            if ("score".equals(field(e))) {
                throw new RefusedFrame("bad_rating", RATING_WORDS);
            }
            throw new RefusedFrame("bad_frame", "a frame must be one JSON object whose fields are strings");
        }
        if (frame == null || frame.type() == null) {
            throw new RefusedFrame("bad_frame", "a frame needs a type");
        }
        return frame;
    }

    /** The field whose value was refused, when Jackson says. */
    private static String field(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return mapping.getPath().getLast().getFieldName();
        }
        if (e.getProcessor() instanceof JsonParser parser) {
            try {
                return parser.currentName();
            } catch (IOException unreadable) {
                return null;
            }
        }
        return null;
    }

    /** @param maxChars the longest message the gateway takes, so the widget counts down to the real limit */
    static String welcome(String token, ChatConversation conversation, ChatView view, int maxChars) {
        Map<String, Object> frame = frame("welcome");
        frame.put("token", token);
        frame.put("conversation", conversation.conversationId());
        frame.put("state", view.state());
        frame.put("agent", view.agentName());
        frame.put("transcript", view.transcript().stream().map(ChatFrames::line).toList());
        frame.put("claims", view.claims());
        frame.put("maxChars", maxChars);
        return write(frame);
    }

    static String codeSent(VisitorVerification.Sent sent) {
        Map<String, Object> frame = frame("code-sent");
        frame.put("kind", sent.kind().getLiteral());
        frame.put("to", sent.to());
        frame.put("expiresInSeconds", sent.validFor().toSeconds());
        return write(frame);
    }

    static String verified(ChatView view) {
        Map<String, Object> frame = frame("verified");
        frame.put("claims", view.claims());
        return write(frame);
    }

    static String message(Message message, String authorName) {
        Map<String, Object> frame = line(new TranscriptLine(message, authorName));
        frame.put("type", "message");
        return write(frame);
    }

    static String ack(String clientId, Message stored) {
        Map<String, Object> frame = frame("ack");
        frame.put("ref", clientId);
        frame.put("id", stored.id());
        frame.put("at", stored.sentAt().toString());
        return write(frame);
    }

    static String typing(String author) {
        Map<String, Object> frame = frame("typing");
        frame.put("author", author);
        return write(frame);
    }

    static String joined(String agentName) {
        Map<String, Object> frame = frame("joined");
        frame.put("agent", agentName);
        return write(frame);
    }

    static String waiting() {
        return write(frame("waiting"));
    }

    /** @param rate whether the visitor may rate the chat (an agent answered it) */
    static String ended(String by, boolean rate) {
        Map<String, Object> frame = frame("ended");
        frame.put("by", by);
        frame.put("rate", rate);
        return write(frame);
    }

    static String rated(int score) {
        Map<String, Object> frame = frame("rated");
        frame.put("score", score);
        return write(frame);
    }

    /** A second rating: the first one stands, and the visitor is told which it was. */
    static String alreadyRated(Integer standing) {
        return error(
                "already_rated",
                standing == null
                        ? "you rated this chat already; your first rating stands"
                        : "you rated this chat " + standing + " of 5 already; your first rating stands",
                null);
    }

    static String error(String code, String message, String ref) {
        Map<String, Object> frame = frame("error");
        frame.put("code", code);
        frame.put("message", message);
        if (ref != null) {
            frame.put("ref", ref);
        }
        return write(frame);
    }

    private static Map<String, Object> line(TranscriptLine line) {
        Message message = line.message();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", message.id());
        entry.put("author", message.authorKind().getLiteral());
        entry.put("name", line.authorName());
        entry.put("text", message.body());
        entry.put("at", message.sentAt().toString());
        if (message.externalId() != null) {
            entry.put("ref", message.externalId());
        }
        return entry;
    }

    private static Map<String, Object> frame(String type) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        return frame;
    }

    private static String write(Map<String, Object> frame) {
        try {
            return MAPPER.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialize", e);
        }
    }
}
