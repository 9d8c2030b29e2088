package io.omniline.db;

/**
 * What PostgreSQL refuses in text and jsonb: the NUL character and UTF-16 surrogates that are not
 * part of a pair (they have no UTF-8 form). Outside input (a mail, an SMS, a webhook body) may
 * carry either; stored as it came, one such message would fail its transaction on every retry
 * and hold up everything behind it. {@link #clean} drops NULs and turns a lone surrogate into
 * U+FFFD, and says how much it changed, so the caller can keep the original bytes beside it.
 */
public final class StorableText {

    private StorableText() {}

    /** The text with nothing PostgreSQL refuses; null stays null. */
    public static Cleaned clean(String text) {
        if (text == null || storable(text)) {
            return new Cleaned(text, 0);
        }
        StringBuilder kept = new StringBuilder(text.length());
        int changed = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                changed++;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                kept.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                kept.append('\uFFFD');
                changed++;
            } else {
                kept.append(c);
            }
        }
        return new Cleaned(kept.toString(), changed);
    }

    /** True when PostgreSQL takes the text as it is. */
    public static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param changed how many characters were dropped or replaced; 0 when the text was fine
     */
    public record Cleaned(String text, int changed) {}
}
