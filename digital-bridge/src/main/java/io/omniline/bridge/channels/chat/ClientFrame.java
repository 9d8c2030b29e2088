package io.omniline.bridge.channels.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A frame from the widget. {@code type} is hello (with the pre-chat form and any token),
 * message (with the client's id and text), typing, verify (with the {@code kind} of claim to
 * send a code to), code (with the {@code code} typed back), end, or rate (the {@code score}, 1–5,
 * the visitor gives the chat once it has ended).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ClientFrame(
        String type,
        String token,
        String name,
        String phone,
        String email,
        String id,
        String text,
        String kind,
        String code,
        Integer score) {}
