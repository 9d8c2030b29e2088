package io.omniline.db.seed;

import java.util.List;
import java.util.SplittableRandom;

/** Plausible names and contact-center conversations, so seeded data looks like real traffic. */
final class SyntheticText {

    private static final List<String> FIRST = List.of(
            "Alice", "Bruno", "Chen", "Dana", "Emeka", "Fatima", "Grace", "Hiro", "Ines", "Jonas", "Keisha", "Luca",
            "Maya", "Nikolai", "Olivia", "Priya", "Quentin", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wen", "Ximena",
            "Yusuf", "Zoe");
    private static final List<String> LAST = List.of(
            "Abbott",
            "Banerjee",
            "Costa",
            "Dubois",
            "Eriksen",
            "Fischer",
            "Garcia",
            "Haddad",
            "Ivanova",
            "Jensen",
            "Kowalski",
            "Lopez",
            "Murphy",
            "Nakamura",
            "Okafor",
            "Patel",
            "Quinn",
            "Rossi",
            "Schmidt",
            "Tanaka",
            "Usman",
            "Varga",
            "Williams",
            "Xu",
            "Yilmaz",
            "Zhang");
    private static final List<String> CUSTOMER = List.of(
            "Hi, my order #%d hasn't arrived yet.",
            "I was charged twice for invoice %d, can you check?",
            "My router keeps dropping the connection since yesterday.",
            "Can I change the delivery address for order #%d?",
            "The app says my account %d is locked.",
            "I'd like to cancel my subscription at the end of the month.",
            "Is there an outage in my area? Nothing works.",
            "Thanks, that fixed it!",
            "Could someone call me back this afternoon?",
            "I already explained this on the phone, ticket %d.");
    private static final List<String> AGENT = List.of(
            "Thanks %s, let me look into that for you.",
            "I can see order #%d left our warehouse on Monday.",
            "I've refunded the duplicate charge; it shows in 3-5 days.",
            "Could you restart the router and tell me what the lights do?",
            "I've unlocked the account; please reset your password.",
            "Done. Is there anything else I can help with, %s?",
            "I've scheduled a callback for 3pm today.");
    private static final List<String> SUBJECTS = List.of(
            "Order #%d",
            "Invoice %d",
            "Account %d locked",
            "Question about my plan",
            "Complaint about delivery",
            "Change of address");

    private final SplittableRandom random;

    SyntheticText(SplittableRandom random) {
        this.random = random;
    }

    String firstName() {
        return pick(FIRST);
    }

    String lastName() {
        return pick(LAST);
    }

    String customerLine() {
        return fill(pick(CUSTOMER), null);
    }

    String agentLine(String customerFirstName) {
        return fill(pick(AGENT), customerFirstName);
    }

    String subject() {
        return fill(pick(SUBJECTS), null);
    }

    String emailBody(String firstName) {
        return "Hello,\n\n" + customerLine() + " " + customerLine() + "\n\nBest regards,\n" + firstName;
    }

    private String fill(String template, String name) {
        if (template.contains("%s")) {
            return template.formatted(name);
        }
        return template.contains("%d") ? template.formatted(10_000 + random.nextInt(90_000)) : template;
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
