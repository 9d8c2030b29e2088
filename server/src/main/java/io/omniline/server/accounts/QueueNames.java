package io.omniline.server.accounts;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The queues an agent may join, as an admin typed them. A name Asterisk's queues.conf cannot
 * hold is refused here, before it is stored: "support=1" is a queue and a penalty typed together,
 * and kept as it was it names a queue no call ever reaches.
 */
public final class QueueNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,80}");

    private QueueNames() {}

    /** @return the queues as given, when every name is one Asterisk can have */
    public static Map<String, Integer> checked(Map<String, Integer> queues) {
        queues.forEach((name, penalty) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                String hint = name != null && (name.contains("=") || name.contains(":"))
                        ? "; give the penalty apart from the name, as in support:1"
                        : "";
                throw new IllegalArgumentException("queue \"" + name + "\" is not a queue name: use letters, digits, "
                        + "'.', '-' and '_' only" + hint);
            }
            if (penalty == null || penalty < 0) {
                throw new IllegalArgumentException("queue \"" + name + "\" needs a penalty of 0 or more");
            }
        });
        return queues;
    }
}
