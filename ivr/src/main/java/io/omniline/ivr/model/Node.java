package io.omniline.ivr.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One step of an IVR flow. The JSON form is an object with a {@code type} and the fields of
 * the record of that type; exits name other nodes of the same flow by id.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Node.Play.class, name = "play"),
    @JsonSubTypes.Type(value = Node.Menu.class, name = "menu"),
    @JsonSubTypes.Type(value = Node.Collect.class, name = "collect"),
    @JsonSubTypes.Type(value = Node.Say.class, name = "say"),
    @JsonSubTypes.Type(value = Node.SetVariable.class, name = "set"),
    @JsonSubTypes.Type(value = Node.Branch.class, name = "branch"),
    @JsonSubTypes.Type(value = Node.Hours.class, name = "hours"),
    @JsonSubTypes.Type(value = Node.Lookup.class, name = "lookup"),
    @JsonSubTypes.Type(value = Node.Queue.class, name = "queue"),
    @JsonSubTypes.Type(value = Node.Callback.class, name = "callback"),
    @JsonSubTypes.Type(value = Node.Voicemail.class, name = "voicemail"),
    @JsonSubTypes.Type(value = Node.Transfer.class, name = "transfer"),
    @JsonSubTypes.Type(value = Node.Language.class, name = "language"),
    @JsonSubTypes.Type(value = Node.GotoFlow.class, name = "goto-flow"),
    @JsonSubTypes.Type(value = Node.Rating.class, name = "rating"),
    @JsonSubTypes.Type(value = Node.Comment.class, name = "comment"),
    @JsonSubTypes.Type(value = Node.Hangup.class, name = "hangup")
})
public sealed interface Node {

    /** The node ids this node can move on to, in a stable order; null entries are missing exits. */
    List<String> exits();

    /** The prompts this node may play, for the prompt catalogue check. */
    default List<String> prompts() {
        return List.of();
    }

    /** True when the call leaves the IVR here. */
    default boolean terminal() {
        return false;
    }

    /** The JSON type name, for paths and messages. */
    default String typeName() {
        return NodeTypes.nameOf(getClass());
    }

    record Play(List<String> prompts, String next) implements Node {
        public List<String> exits() {
            return listOf(next);
        }
    }

    /**
     * Plays a prompt and waits for one digit. A timeout or a digit with no option counts as a
     * failed attempt; after {@code retries} more attempts the caller goes to {@code fallback}.
     */
    record Menu(
            String prompt,
            Map<String, String> options,
            Integer timeoutSeconds,
            Integer retries,
            String invalidPrompt,
            String timeoutPrompt,
            String fallback)
            implements Node {
        public List<String> exits() {
            List<String> exits = new ArrayList<>(options == null ? List.of() : options.values());
            exits.add(fallback);
            return exits;
        }

        public List<String> prompts() {
            return listOf(prompt, invalidPrompt, timeoutPrompt);
        }
    }

    /** Reads several digits into a variable, checked against length and pattern. */
    record Collect(
            String prompt,
            String variable,
            Integer minDigits,
            Integer maxDigits,
            String terminator,
            Integer timeoutSeconds,
            String pattern,
            Integer retries,
            String invalidPrompt,
            String next,
            String fallback)
            implements Node {
        public List<String> exits() {
            return listOf(next, fallback);
        }

        public List<String> prompts() {
            return listOf(prompt, invalidPrompt);
        }
    }

    /** Says a value as digits, a number or letters; {@code value} is an expression. */
    record Say(SayMode mode, String value, String next) implements Node {
        public List<String> exits() {
            return listOf(next);
        }
    }

    record SetVariable(String variable, String expression, String next) implements Node {
        public List<String> exits() {
            return listOf(next);
        }
    }

    /** The first condition that holds picks the exit; {@code otherwise} when none does. */
    record Branch(List<Condition> conditions, String otherwise) implements Node {
        public List<String> exits() {
            List<String> exits = new ArrayList<>();
            if (conditions != null) {
                conditions.forEach(condition -> exits.add(condition.next()));
            }
            exits.add(otherwise);
            return exits;
        }
    }

    record Condition(String when, String next) {}

    /**
     * Open or closed now: {@code weekly} maps mon..sun to ranges like "08:00-18:00" in
     * {@code timezone}; {@code holidays} are ISO dates that are closed all day.
     */
    record Hours(String timezone, Map<String, List<String>> weekly, List<String> holidays, String open, String closed)
            implements Node {
        public List<String> exits() {
            return listOf(open, closed);
        }
    }

    /** Finds the customer by the caller's number or by digits collected into a variable. */
    record Lookup(LookupBy by, String variable, String found, String notFound) implements Node {
        public List<String> exits() {
            return listOf(found, notFound);
        }
    }

    /**
     * Leaves the IVR into an Asterisk queue. {@code onTimeout} is where the call comes back to
     * when it waited {@code maxWaitSeconds} without an agent.
     */
    record Queue(
            String queue,
            Integer priority,
            List<String> skills,
            Integer maxWaitSeconds,
            Boolean announcePosition,
            Boolean announceWait,
            String onTimeout)
            implements Node {
        public List<String> exits() {
            return onTimeout == null ? List.of() : List.of(onTimeout);
        }

        public boolean terminal() {
            return true;
        }
    }

    /**
     * Offers to keep the caller's place and call back: pressing {@code acceptDigit} ends the
     * call with a callback request to {@code queue} for the caller's number (or the number in
     * {@code numberVariable}); anything else goes to {@code declined}.
     */
    record Callback(
            String prompt,
            String acceptDigit,
            Integer timeoutSeconds,
            String numberVariable,
            String queue,
            String declined)
            implements Node {
        public List<String> exits() {
            return listOf(declined);
        }

        public List<String> prompts() {
            return listOf(prompt);
        }
    }

    record Voicemail(String mailbox, String prompt) implements Node {
        public List<String> exits() {
            return List.of();
        }

        public List<String> prompts() {
            return listOf(prompt);
        }

        public boolean terminal() {
            return true;
        }
    }

    /** Sends the call to an outside number. */
    record Transfer(String number) implements Node {
        public List<String> exits() {
            return List.of();
        }

        public boolean terminal() {
            return true;
        }
    }

    /** Lets the caller pick the prompt language: digit to language code. */
    record Language(String prompt, Map<String, String> options, Integer timeoutSeconds, String next) implements Node {
        public List<String> exits() {
            return listOf(next);
        }

        public List<String> prompts() {
            return listOf(prompt);
        }
    }

    /** Continues in another flow's published version, from its start node. */
    record GotoFlow(String flow) implements Node {
        public List<String> exits() {
            return List.of();
        }

        public boolean terminal() {
            return true;
        }
    }

    /**
     * Keeps the caller's satisfaction score, the digit 1 to 5 a collect node put in the variable
     * named by {@code from}, as the survey answer of the call's interaction; any other value is not
     * kept. The call goes on to {@code next} either way.
     */
    record Rating(String from, String next) implements Node {
        public List<String> exits() {
            return listOf(next);
        }
    }

    /**
     * Plays {@code prompt} ("after the tone, leave a comment, press # when done"), beeps and records
     * the caller until they press #, stay silent for {@code silenceSeconds} or reach
     * {@code maxSeconds}; the recording is kept as the survey comment of the call's interaction. The
     * call goes on to {@code next} whether or not anything was recorded.
     */
    record Comment(String prompt, Integer maxSeconds, Integer silenceSeconds, String next) implements Node {

        public static final int DEFAULT_MAX_SECONDS = 60;
        public static final int DEFAULT_SILENCE_SECONDS = 5;

        public List<String> exits() {
            return listOf(next);
        }

        public List<String> prompts() {
            return listOf(prompt);
        }
    }

    record Hangup(String prompt) implements Node {
        public List<String> exits() {
            return List.of();
        }

        public List<String> prompts() {
            return listOf(prompt);
        }

        public boolean terminal() {
            return true;
        }
    }

    private static List<String> listOf(String... values) {
        List<String> list = new ArrayList<>(values.length);
        for (String value : values) {
            list.add(value);
        }
        return list;
    }
}
