package io.omniline.db.message;

import io.omniline.db.ShownText;

/**
 * A file name as it came with a mail or an MMS, made safe to show and to save: no folders (a
 * sender's {@code ../../etc/passwd} or {@code C:\\x\\invoice.pdf}), no control characters, and no
 * invisible formatting characters — the bidi overrides that make {@code invoice\u202Efdp.exe} look
 * like {@code invoiceexe.pdf}, zero-width joiners and the like. What is left is trimmed of spaces
 * and leading dots and cut to a length a file system takes, keeping its extension; a name with
 * nothing left is {@code attachment}.
 */
public final class AttachmentName {

    static final int MAX_CHARS = 120;
    static final String FALLBACK = "attachment";
    private static final int MAX_EXTENSION = 10;

    private AttachmentName() {}

    public static String of(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        StringBuilder visible = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                visible.append(' ');
            } else if (ShownText.shownOnOneLine(cp)) {
                visible.appendCodePoint(cp);
            }
        });
        String name = visible.toString();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll(" {2,}", " ").strip().replaceFirst("^[. ]+", "");
        return name.isEmpty() ? FALLBACK : shortened(name);
    }

    private static String shortened(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_CHARS) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= MAX_EXTENSION + 1 ? name.substring(dot) : "";
        String stem = name.substring(0, name.length() - extension.length());
        int keep = MAX_CHARS - extension.codePointCount(0, extension.length());
        return stem.substring(0, stem.offsetByCodePoints(0, keep)).strip() + extension;
    }
}
