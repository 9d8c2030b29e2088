package io.omniline.db.flow;

import io.omniline.db.identity.IdentityNormalizer;
import java.util.regex.Pattern;

/**
 * The one form a dialled number is routed under. Extensions and feature codes ("100", "*98")
 * stay as they are; anything longer or written like a phone number ("+1 (415) 555-0100",
 * "415.555.0100") becomes E.164 through the same normaliser that reads chat and caller numbers,
 * so a route typed in any common format matches the call Asterisk hands over.
 */
public final class DialledNumbers {

    /** Internal extensions and feature codes: short, and never a phone number. */
    private static final Pattern EXTENSION = Pattern.compile("[0-9*#]{1,6}");

    private final IdentityNormalizer normalizer;

    public DialledNumbers(IdentityNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    /** @throws IllegalArgumentException saying why, when the text is neither an extension nor a phone number */
    public String routeKey(String raw) {
        String trimmed = raw == null ? "" : raw.strip();
        if (EXTENSION.matcher(trimmed).matches()) {
            return trimmed;
        }
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(
                    "the number is empty: give an extension like 100 or a phone number like +14155550100");
        }
        return normalizer.phone(trimmed).value();
    }

    /** The route key of what Asterisk says was dialled, or the text as it is when it is not a number. */
    public String lookupKey(String dialled) {
        try {
            return routeKey(dialled);
        } catch (IllegalArgumentException e) {
            return dialled;
        }
    }
}
