package io.omniline.telephony.ivr;

import io.omniline.db.customer.Customer;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.customer.CustomerRepository.KnownCaller;
import io.omniline.db.identity.Identity;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.identity.InvalidIdentityException;
import io.omniline.ivr.run.CustomerFacts;
import java.util.Optional;

/** Finds who is calling: by caller ID, or by the account number they type. */
public final class Callers {

    private final CustomerRepository customers;
    private final IdentityNormalizer normalizer;

    public Callers(CustomerRepository customers, IdentityNormalizer normalizer) {
        this.customers = customers;
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
        return customers.findCallerByIdentity(normalized).map(Callers::facts);
    }

    private static CustomerFacts facts(KnownCaller caller) {
        Customer customer = caller.customer();
        return new CustomerFacts(customer.id(), customer.displayName(), Boolean.TRUE.equals(customer.attributes().get("vip")),
                caller.openInteraction(), customer.attributes());
    }

    @FunctionalInterface
    private interface IdentitySource {
        Identity get();
    }
}
