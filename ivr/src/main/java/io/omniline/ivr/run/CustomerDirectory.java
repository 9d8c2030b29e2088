package io.omniline.ivr.run;

import java.util.Optional;

/** Finds callers; telephony answers from the database, the simulator from its scenario. */
public interface CustomerDirectory {

    Optional<CustomerFacts> byPhone(String callerNumber);

    Optional<CustomerFacts> byAccount(String digits);

    CustomerDirectory NONE = new CustomerDirectory() {
        public Optional<CustomerFacts> byPhone(String callerNumber) {
            return Optional.empty();
        }

        public Optional<CustomerFacts> byAccount(String digits) {
            return Optional.empty();
        }
    };
}
