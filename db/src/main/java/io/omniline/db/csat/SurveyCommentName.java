package io.omniline.db.csat;

import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The name of a caller's recorded survey comment in the directory Asterisk records into (without
 * the {@code .wav} Asterisk adds): made by Omniline from the interaction and a random part, never
 * from anything the caller sent, and checked again wherever it is read back.
 */
public final class SurveyCommentName {

    /** The same rule as the column's check (V54). */
    static final Pattern NAME = Pattern.compile("survey-comment-[0-9]{1,19}-[0-9a-f]{32}");

    private SurveyCommentName() {}

    /** A new name for a comment on this interaction; the random part keeps a second survey of it apart. */
    public static String next(long interactionId) {
        UUID random = UUID.randomUUID();
        HexFormat hex = HexFormat.of();
        return "survey-comment-" + interactionId + "-" + hex.toHexDigits(random.getMostSignificantBits())
                + hex.toHexDigits(random.getLeastSignificantBits());
    }

    /** {@code name} when it is one {@link #next} could have made; empty otherwise. */
    public static Optional<String> checked(String name) {
        return name != null && NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }
}
