package io.omniline.bench.mainflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One command line from the FastAGI server as Asterisk reads it: a case-insensitive name of one
 * to three words (the longest known one wins), then arguments, double quotes grouping and
 * backslashes escaping (agi-05: a lower-case command and a CRLF ending are accepted).
 */
record AgiCommand(String name, List<String> arguments) {

    private static final List<String> NAMES = List.of(
                    "ANSWER",
                    "CHANNEL STATUS",
                    "DATABASE GET",
                    "DATABASE PUT",
                    "EXEC",
                    "GET DATA",
                    "GET FULL VARIABLE",
                    "GET VARIABLE",
                    "HANGUP",
                    "SAY ALPHA",
                    "SAY DIGITS",
                    "SAY NUMBER",
                    "SET VARIABLE",
                    "STREAM FILE",
                    "VERBOSE",
                    "WAIT FOR DIGIT")
            .stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();

    static AgiCommand parse(String line) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        String upper = text.toUpperCase(Locale.ROOT);
        for (String name : NAMES) {
            if (upper.startsWith(name) && (upper.length() == name.length() || upper.charAt(name.length()) == ' ')) {
                return new AgiCommand(name, arguments(text.substring(name.length())));
            }
        }
        return new AgiCommand(text, List.of());
    }

    String argument(int index) {
        return index < arguments.size() ? arguments.get(index) : "";
    }

    /** A numeric argument, or the fallback when it is missing or not a number. */
    long number(int index, long fallback) {
        try {
            return Long.parseLong(argument(index));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static List<String> arguments(String rest) {
        List<String> arguments = new ArrayList<>();
        StringBuilder current = null;
        boolean quoted = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == ' ' && !quoted) {
                if (current != null) {
                    arguments.add(current.toString());
                    current = null;
                }
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && i + 1 < rest.length()) {
                current.append(rest.charAt(++i));
            } else {
                current.append(c);
            }
        }
        if (current != null) {
            arguments.add(current.toString());
        }
        return arguments;
    }
}
