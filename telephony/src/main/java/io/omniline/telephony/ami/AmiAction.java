package io.omniline.telephony.ami;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An action to send: {@code Action: Name}, then headers in order. */
public record AmiAction(String name, List<Map.Entry<String, String>> headers) {

    private static final String ACTION_ID = "ActionID";

    public static AmiAction of(String name) {
        return new AmiAction(name, List.of());
    }

    public AmiAction with(String header, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(new AbstractMap.SimpleImmutableEntry<>(header, value));
        return new AmiAction(name, List.copyOf(more));
    }

    /**
     * The same action sent under an ActionID of the caller's choosing, for an action whose outcome
     * comes later as an event repeating it (an async Originate's OriginateResponse, fact 66).
     */
    public AmiAction withActionId(String actionId) {
        return with(ACTION_ID, actionId);
    }

    /** The ActionID chosen with {@link #withActionId}, if any. */
    public java.util.Optional<String> actionId() {
        return headers.stream()
                .filter(header -> header.getKey().equals(ACTION_ID))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** The wire form with the given ActionID; CR and LF in values are dropped so no header can be injected. */
    byte[] encode(String actionId) {
        StringBuilder packet = new StringBuilder("Action: ")
                .append(name)
                .append("\r\nActionID: ")
                .append(actionId)
                .append("\r\n");
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equals(ACTION_ID)) {
                continue;
            }
            packet.append(clean(header.getKey()))
                    .append(": ")
                    .append(clean(header.getValue()))
                    .append("\r\n");
        }
        return packet.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String clean(String text) {
        return text == null ? "" : text.replace("\r", "").replace("\n", "");
    }
}
