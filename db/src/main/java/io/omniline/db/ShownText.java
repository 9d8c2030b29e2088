package io.omniline.db;

/**
 * Text people typed, made safe to show to others. Control characters and the invisible
 * formatting characters that change how text around them reads (the bidi overrides that make
 * {@code invoice\u202Efdp.exe} look like {@code invoiceexe.pdf}, zero-width spaces and joiners)
 * cannot sit in a name shown on one line, and a message keeps only its line breaks and tabs among
 * the controls and loses the bidi embeddings, overrides and isolates. Everything else stays.
 */
public final class ShownText {

    private ShownText() {}

    /**
     * False for control, formatting (bidi, zero-width), private-use, unpaired and unassigned
     * characters and the line and paragraph separators: what a one-line name or a file name shows none of.
     */
    public static boolean shownOnOneLine(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.PRIVATE_USE,
                    Character.SURROGATE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /**
     * A name for one line (a chat visitor's, shown in lists): whitespace of any kind is one
     * space, the characters {@link #shownOnOneLine} refuses are gone, ends trimmed; null stays null.
     */
    public static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder visible = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                visible.append(' ');
            } else if (shownOnOneLine(cp)) {
                visible.appendCodePoint(cp);
            }
        });
        return visible.toString().replaceAll(" {2,}", " ").strip();
    }

    /**
     * A message's text: line breaks and tabs stay, other C0 and C1 controls (a BEL, an escape) and
     * the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) go. Zero-width
     * joiners stay: emoji sequences such as a family or a flag with a sign are made of them.
     * Null stays null.
     */
    public static String message(String text) {
        if (text == null || text.codePoints().allMatch(ShownText::keptInMessage)) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(ShownText::keptInMessage).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    private static boolean keptInMessage(int cp) {
        if (cp == '\n' || cp == '\r' || cp == '\t') {
            return true;
        }
        return !Character.isISOControl(cp) && !(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069);
    }
}
