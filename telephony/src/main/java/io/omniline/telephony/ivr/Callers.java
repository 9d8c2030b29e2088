package io.omniline.telephony.ivr;

import io.omniline.db.customer.Customer;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.identity.Identity;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.identity.InvalidIdentityException;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.jooq.enums.InteractionState;
import io.omniline.ivr.run.CustomerFacts;
import java.util.Optional;

/** Finds who is calling: by caller ID, or by the account number they type. */
public final class Callers {

    private final CustomerRepository customers;
    private final InteractionRepository interactions;
    private final IdentityNormalizer normalizer;

    public Callers(CustomerRepository customers, InteractionRepository interactions, IdentityNormalizer normalizer) {
        this.customers = customers;
        this.interactions = interactions;
        this.normalizer = normalizer;
    }

    /** Withheld, anonymous or malformed caller IDs find nobody. */
    Optional<CustomerFacts> byPhone(String callerNumber) {
        return find(() -> normalizer.phone(callerNumber));
    }

    Optional<CustomerFacts> byAccount(String digits) {
        return find(() -> normalizer.account(digits));
    }

    private Optional<CustomerFacts> find(IdentitySource identity) {
        Identity normalized;
        try {
            normalized = identity.get();
        } catch (InvalidIdentityException e) {
            return Optional.empty();
        }
        return customers.findByIdentity(normalized).map(this::facts);
    }

    private CustomerFacts facts(Customer customer) {
        boolean open = interactions.recentByCustomer(customer.id(), 10).stream()
                .anyMatch(interaction -> interaction.state() != InteractionState.ended);
        return new CustomerFacts(customer.id(), customer.displayName(), Boolean.TRUE.equals(customer.attributes().get("vip")),
                open, customer.attributes());
    }

    @FunctionalInterface
    private interface IdentitySource {
        Identity get();
    }
}
