package io.omniline.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What to run and how big: {@code [driver…] [--name value]…}, every name with a default. */
final class BenchOptions {

    static final List<String> DRIVERS = List.of(
            "all",
            "agi",
            "ami",
            "pop",
            "chat",
            "email",
            "sms",
            "designer",
            "reports",
            "queries",
            "agi-protocol",
            "ami-protocol",
            "micro");
    /** Drivers that run against the node ({@code ./omniline run}'s server in its own JVM). */
    static final Set<String> ON_THE_NODE = Set.of("agi", "ami", "pop", "chat", "email", "sms", "designer", "reports");

    private static final Map<String, String> DEFAULTS = defaults();

    private final List<String> drivers;
    private final Map<String, String> values;

    private BenchOptions(List<String> drivers, Map<String, String> values) {
        this.drivers = drivers;
        this.values = values;
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        // The node and its database.
        defaults.put("config", "");
        defaults.put("profile", "");
        defaults.put("seed-customers", "10000");
        defaults.put("seed-messages", "100000");
        // FastAGI through the main flow: 12,000 callers at up to 500 new calls/s, about 20 s in the IVR each.
        defaults.put("agi-callers", "12000");
        defaults.put("agi-rate", "500");
        defaults.put("agi-ramp-seconds", "10");
        defaults.put("think-ms", "7000");
        defaults.put("prompt-ms", "2000");
        // AMI: calls in progress together, their events at full speed.
        defaults.put("ami-calls", "1000");
        // Screen pop.
        defaults.put("pop-agents", "200");
        defaults.put("pop-callers", "1000");
        defaults.put("pop-ring", "3");
        defaults.put("pop-parallel", "50");
        // Chat, email, SMS through the inbound pipeline.
        defaults.put("chat-sessions", "5000");
        defaults.put("chat-rate", "1000");
        defaults.put("chat-seconds", "30");
        defaults.put("gateway", "");
        defaults.put("email-messages", "500");
        defaults.put("email-rate", "50");
        defaults.put("sms-messages", "3000");
        defaults.put("sms-rate", "200");
        // The flow designer in headless Chromium: a flow this large, opened this many times.
        defaults.put("designer-nodes", "200");
        defaults.put("designer-openings", "3");
        // Reports over HTTP: each request this many times.
        defaults.put("report-repeats", "3");
        // The measures each report asks for, comma-separated keys; empty: every measure.
        defaults.put("report-measures", "");
        // In-process database queries.
        defaults.put("samples", "20000");
        // Protocol only, beside stock Asterisk-Java.
        defaults.put("toy-sessions", "10000");
        defaults.put("toy-rate", "1000");
        defaults.put("toy-think-seconds", "12");
        defaults.put("ami-rounds", "5");
        defaults.put("jmh-forks", "1");
        defaults.put("jmh-iterations", "5");
        defaults.put("jmh-millis", "1000");
        return defaults;
    }

    /** Null when the arguments are not understood (the usage is printed then). */
    static BenchOptions parse(String[] args) {
        List<String> drivers = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            if (DRIVERS.contains(args[i])) {
                drivers.add(args[i]);
            } else if (args[i].startsWith("--") && DEFAULTS.containsKey(args[i].substring(2)) && i + 1 < args.length) {
                values.put(args[i].substring(2), args[++i]);
            } else {
                return null;
            }
        }
        return new BenchOptions(drivers.isEmpty() ? List.of("all") : List.copyOf(drivers), values);
    }

    static String usage() {
        StringBuilder usage = new StringBuilder("usage: omniline bench [" + String.join("|", DRIVERS)
                + "]… [--option value]…\n" + "options (default):\n");
        DEFAULTS.forEach((name, value) -> usage.append("  --")
                .append(name)
                .append(" (")
                .append(value.isEmpty() ? "none" : value)
                .append(")\n"));
        return usage.toString();
    }

    /** The drivers asked for, as a name for the results file. */
    String driver() {
        return String.join("+", drivers);
    }

    boolean runs(String name) {
        return drivers.contains("all") || drivers.contains(name);
    }

    boolean needsNode() {
        return ON_THE_NODE.stream().anyMatch(name -> runs(name) && !(name.equals("chat") && gateway() != null));
    }

    int integer(String name) {
        return Integer.parseInt(values.get(name));
    }

    String text(String name) {
        return values.get(name);
    }

    Duration millis(String name) {
        return Duration.ofMillis(Long.parseLong(values.get(name)));
    }

    Duration seconds(String name) {
        return Duration.ofSeconds(Long.parseLong(values.get(name)));
    }

    Path path(String name) {
        String value = values.get(name);
        return value.isEmpty() ? null : Path.of(value);
    }

    URI gateway() {
        String value = values.get("gateway");
        return value.isEmpty() ? null : URI.create(value);
    }
}
