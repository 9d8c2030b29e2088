package io.omniline.ivr.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The compiled form of each collect node's {@code pattern}, compiled once: compiling it on every
 * visit was a hot spot of the IVR under load. The patterns are those of the flows admins write,
 * a handful, so they are kept for the life of the process.
 */
final class DigitPatterns {

    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private DigitPatterns() {}

    /** Whether {@code digits} match {@code pattern} as a whole; a null pattern takes anything. */
    static boolean matches(String pattern, String digits) {
        return pattern == null
                || COMPILED.computeIfAbsent(pattern, Pattern::compile)
                        .matcher(digits)
                        .matches();
    }
}
