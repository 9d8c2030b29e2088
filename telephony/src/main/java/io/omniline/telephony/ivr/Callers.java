package io.omniline.telephony.ivr;

import io.omniline.customers.resolve.CustomerResolver;
import io.omniline.db.customer.Customer;
import io.omniline.db.customer.CustomerRepository.KnownCaller;
import io.omniline.ivr.run.CustomerFacts;
import java.util.Optional;

/** Who is calling, as the IVR's flows see them: the customer service finds them, this says what a flow may test. */
public final class Callers {

    private final CustomerResolver resolver;

    public Callers(CustomerResolver resolver) {
        this.resolver = resolver;
    }

    /** Withheld, anonymous or malformed caller IDs find nobody. */
    Optional<CustomerFacts> byPhone(String callerNumber) {
        return resolver.byCallerId(callerNumber).map(Callers::facts);
    }

    Optional<CustomerFacts> byAccount(String digits) {
        return resolver.byAccount(digits).map(Callers::facts);
    }

    private static CustomerFacts facts(KnownCaller caller) {
        Customer customer = caller.customer();
        return new CustomerFacts(
                customer.id(),
                customer.displayName(),
                Boolean.TRUE.equals(customer.attributes().get("vip")),
                caller.openInteraction(),
                customer.attributes());
    }
}
