package io.omniline.customers.resolve;

import io.omniline.db.customer.Customer;
import io.omniline.db.customer.IdentityReview;
import java.util.List;

/**
 * The customer a contact belongs to.
 *
 * @param created true when nobody matched and a new customer was made
 * @param flagged conflicts put up for review instead of being merged
 */
public record Resolution(Customer customer, boolean created, List<IdentityReview> flagged) {}
