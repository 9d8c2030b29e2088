package io.omniline.server.api;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every error an API answer carries, in words an agent or admin understands: a broken database
 * rule becomes the sentence that says what would be accepted (and which field it is about, so a
 * form shows it beside that field), and the database's state names become the words the pages
 * use. Applied once, where the JSON error is written, so no endpoint can leak SQL or enum names.
 */
public final class ErrorWords {

    /** A message rewritten for people, and the request field it is about (null when none). */
    public record Words(String message, String field) {}

    private record Rule(String field, String sentence) {}

    private static final Pattern CONSTRAINT = Pattern.compile("constraint \"([a-z0-9_]+)\"");
    private static final Pattern TRANSITION =
            Pattern.compile("interaction \\d+ cannot move from ([a-z_]+) to ([a-z_]+)");

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry(
                    "agent_sip_interface_shape",
                    new Rule(
                            "sipInterface",
                            "The phone must be written as technology/name, for example PJSIP/1001, without spaces.")),
            Map.entry("agent_login_not_blank", new Rule("login", "The login cannot be empty.")),
            Map.entry("agent_login_unique", new Rule("login", "Another agent already has this login.")),
            Map.entry("agent_sip_interface_unique", new Rule("sipInterface", "Another agent already has this phone.")),
            Map.entry("agent_skill_level_range", new Rule("skills", "A skill level is a number from 1 to 10.")),
            Map.entry("agent_queue_penalty_non_negative", new Rule("queues", "A queue penalty is 0 or more.")),
            Map.entry(
                    "agent_digital_presence_capacity_range",
                    new Rule("capacity", "You can take from 1 to 50 chats, emails and SMS at a time.")),
            Map.entry(
                    "customer_identity_phone_is_e164",
                    new Rule("phone", "A phone number is written with its country code, for example +14155550100.")),
            Map.entry(
                    "customer_identity_email_is_canonical",
                    new Rule("email", "An email address looks like name@example.com.")),
            Map.entry(
                    "number_route_number_shape",
                    new Rule("number", "A number has only digits, * and #, optionally after a +.")),
            Map.entry(
                    "ivr_flow_name_shape",
                    new Rule("name", "A flow name uses lower-case letters, digits, - and _ (up to 63).")),
            Map.entry(
                    "quick_reply_title_shape", new Rule("title", "A quick reply needs a title of 1 to 60 characters.")),
            Map.entry("quick_reply_title_unique", new Rule("title", "Another quick reply already has this title.")),
            Map.entry("quick_reply_body_shape", new Rule("body", "A quick reply's text has 1 to 2000 characters.")),
            Map.entry("customer_note_body_shape", new Rule("body", "A note has 1 to 1000 characters.")));

    private static final Map<String, String> STATES = Map.of(
            "wrap_up",
            "in wrap-up",
            "ivr",
            "in the menu",
            "queued",
            "waiting in a queue",
            "offered",
            "offered",
            "active",
            "in progress",
            "ended",
            "ended");

    private ErrorWords() {}

    public static Words of(String message) {
        if (message == null || message.isBlank()) {
            return new Words("Something went wrong; please try again.", null);
        }
        Matcher constraint = CONSTRAINT.matcher(message);
        if (constraint.find()) {
            Rule rule = RULES.get(constraint.group(1));
            return rule == null
                    ? new Words("That value is not accepted here; please check what you typed.", null)
                    : new Words(rule.sentence(), rule.field());
        }
        Matcher transition = TRANSITION.matcher(message);
        if (transition.find()) {
            return new Words(
                    "It is " + STATES.getOrDefault(transition.group(1), "elsewhere")
                            + " now, so that cannot be done; the list shows where it is.",
                    null);
        }
        return new Words(message.replace(" is wrap_up", " is in wrap-up").replace("wrap_up", "wrap-up"), null);
    }
}
