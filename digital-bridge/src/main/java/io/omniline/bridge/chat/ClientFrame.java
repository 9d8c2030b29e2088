package io.omniline.bridge.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A frame from the widget. {@code type} is hello (with the pre-chat form and any token),
 * message (with the client's id and text), typing, or end.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ClientFrame(String type, String token, String name, String phone, String email, String id, String text) {
}
