package io.omniline.telephony.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** An AGI command as Asterisk reads it: a case-insensitive name of one to three words, then arguments, quotes honoured. */
record AgiCommandLine(String name, List<String> arguments) {

    private static final Set<String> NAMES = Set.of(
            "ANSWER",
            "VERBOSE",
            "GET VARIABLE",
            "GET FULL VARIABLE",
            "SET VARIABLE",
            "STREAM FILE",
            "GET DATA",
            "SAY DIGITS",
            "SAY NUMBER",
            "SAY ALPHA",
            "EXEC",
            "CHANNEL STATUS",
            "DATABASE PUT",
            "DATABASE GET",
            "HANGUP",
            "WAIT FOR DIGIT",
            "RECORD FILE");

    static AgiCommandLine parse(String line) {
        List<String> words = tokens(line);
        for (int length = Math.min(3, words.size()); length > 0; length--) {
            String name = String.join(" ", words.subList(0, length)).toUpperCase(Locale.ROOT);
            if (NAMES.contains(name)) {
                return new AgiCommandLine(name, List.copyOf(words.subList(length, words.size())));
            }
        }
        return new AgiCommandLine(line, List.of());
    }

    private static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                token.append(line.charAt(++i));
                any = true;
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    tokens.add(token.toString());
                }
                token.setLength(0);
                any = false;
            } else {
                token.append(c);
                any = true;
            }
        }
        if (any) {
            tokens.add(token.toString());
        }
        return tokens;
    }
}
