package io.omniline.customers.search;

import io.omniline.db.Repositories;
import io.omniline.db.StorableText;
import io.omniline.db.customer.Customer;
import io.omniline.db.customer.CustomerIdentity;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.identity.Identity;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.identity.InvalidIdentityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Finds customers by what a contact tells an agent: a phone number, an email address, an account
 * number (each an exact match on the stored identity) or the start of a name. A handful of
 * results at most, and every search is in the audit log with who made it and for which contact.
 */
public final class CustomerSearch {

    static final int LIMIT = 5;
    private static final Pattern NUMBER_LIKE = Pattern.compile("[+0-9 ()./-]+");

    private final Repositories repositories;
    private final CustomerRepository customers;
    private final IdentityNormalizer normalizer;

    public CustomerSearch(Repositories repositories, IdentityNormalizer normalizer) {
        this.repositories = repositories;
        this.customers = repositories.customers();
        this.normalizer = normalizer;
    }

    /** A customer found, with the identities that let the agent check the match, and how it matched. */
    public record Found(Customer customer, List<Identity> identities, String matchedBy) {}

    /**
     * @param forInteraction the contact the agent is serving, or null for a supervisor's search
     * @throws IllegalArgumentException when the query is too short or not a valid email address
     */
    public List<Found> search(String actor, Long forInteraction, String query) {
        String typed = query == null ? "" : StorableText.clean(query).text().strip();
        if (typed.length() < 3) {
            throw new IllegalArgumentException(
                    "type at least 3 characters: a phone number, an email address, an account "
                            + "number or the start of a name");
        }
        Map<Long, Found> found = new LinkedHashMap<>();
        if (typed.contains("@")) {
            byIdentity(normalizer.email(typed), found);
        } else if (NUMBER_LIKE.matcher(typed).matches()) {
            valid(() -> normalizer.phone(typed)).ifPresent(phone -> byIdentity(phone, found));
            valid(() -> normalizer.account(typed)).ifPresent(account -> byIdentity(account, found));
        } else {
            for (Customer customer : customers.byNamePrefix(typed, LIMIT)) {
                found.putIfAbsent(customer.id(), found(customer, "name"));
            }
        }
        List<Found> results = List.copyOf(found.values()).subList(0, Math.min(LIMIT, found.size()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("query", typed);
        details.put(
                "results",
                results.stream().map(result -> result.customer().id()).toList());
        repositories
                .auditLog()
                .write(actor, "customer.search", "interaction", forInteraction == null ? "-" : forInteraction, details);
        return results;
    }

    private void byIdentity(Identity identity, Map<Long, Found> found) {
        customers
                .findByIdentity(identity)
                .ifPresent(customer -> found.putIfAbsent(
                        customer.id(), found(customer, identity.kind().getLiteral())));
    }

    private Found found(Customer customer, String matchedBy) {
        return new Found(
                customer,
                customers.identities(customer.id()).stream()
                        .map(CustomerIdentity::identity)
                        .toList(),
                matchedBy);
    }

    private static Optional<Identity> valid(Supplier<Identity> parse) {
        try {
            return Optional.of(parse.get());
        } catch (InvalidIdentityException e) {
            return Optional.empty();
        }
    }
}
