package io.omniline.server;

import io.omniline.db.seed.SeedPlan;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command and its {@code --name value} options; a wrong word is an IllegalArgumentException. */
record CommandLine(String name, Map<String, String> options) {

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "run", Set.of("config"),
            "seed", Set.of("config", "customers", "messages", "random-seed"),
            "flow-validate", Set.of("config", "file"),
            "flow-simulate", Set.of("config", "file", "scenario"),
            "reset-password", Set.of("config"));

    /** Commands whose first word after the name is a value, not an option: {@code reset-password LOGIN}. */
    private static final Map<String, String> ARGUMENT = Map.of("reset-password", "login");

    static CommandLine parse(String[] args) {
        List<String> words = List.of(args);
        String name = words.isEmpty() ? "run" : words.get(0);
        Set<String> allowed = OPTIONS.get(name);
        if (allowed == null) {
            throw new IllegalArgumentException("unknown command \"" + name + "\"");
        }
        Map<String, String> options = new HashMap<>();
        int first = 1;
        String argument = ARGUMENT.get(name);
        if (argument != null) {
            if (words.size() < 2 || words.get(1).startsWith("--")) {
                throw new IllegalArgumentException(
                        name + " needs the " + argument + ", as in: omniline " + name + " admin");
            }
            options.put(argument, words.get(1));
            first = 2;
        }
        for (int i = first; i < words.size(); i += 2) {
            String word = words.get(i);
            String option = word.startsWith("--") ? word.substring(2) : null;
            if (option == null || !allowed.contains(option)) {
                throw new IllegalArgumentException(name + " does not take \"" + word + "\"");
            }
            if (i + 1 >= words.size()) {
                throw new IllegalArgumentException(word + " needs a value");
            }
            options.put(option, words.get(i + 1));
        }
        return new CommandLine(name, Map.copyOf(options));
    }

    /** A file option that must be given. */
    Path file(String option) {
        String file = options.get(option);
        if (file == null) {
            throw new IllegalArgumentException(name + " needs --" + option + " FILE");
        }
        return Path.of(file);
    }

    /** The command's value given before its options (the login of reset-password). */
    String argument(String option) {
        return options.get(option);
    }

    Path optionalFile(String option) {
        String file = options.get(option);
        return file == null ? null : Path.of(file);
    }

    SeedPlan seedPlan() {
        int customers = (int) number("customers", 1_000_000);
        return new SeedPlan(customers, number("messages", 10L * customers), number("random-seed", 42));
    }

    private long number(String option, long fallback) {
        String value = options.get(option);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " takes a whole number, not \"" + value + "\"");
        }
    }
}
