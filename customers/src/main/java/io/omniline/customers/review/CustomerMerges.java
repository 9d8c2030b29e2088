package io.omniline.customers.review;

import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.customer.IdentityReview;
import io.omniline.db.customer.IdentityReviewRepository;
import io.omniline.db.customer.MergeResult;
import java.util.List;

/**
 * A supervisor's decisions on who is whom: merging two records of one person, and settling the
 * identity conflicts that resolution flagged instead of merging on its own.
 */
public final class CustomerMerges {

    private final CustomerRepository customers;
    private final IdentityReviewRepository reviews;

    public CustomerMerges(CustomerRepository customers, IdentityReviewRepository reviews) {
        this.customers = customers;
        this.reviews = reviews;
    }

    /** @throws IllegalArgumentException when there is no customer to absorb */
    public MergeResult merge(long survivorId, Long absorbedId, String actor, String reason) {
        if (absorbedId == null) {
            throw new IllegalArgumentException("a merge names the customer to absorb: {\"absorb\": id}");
        }
        return customers.merge(survivorId, absorbedId, actor, reason == null ? "" : reason);
    }

    public List<IdentityReview> openReviews() {
        return reviews.open();
    }

    /** @throws IllegalArgumentException when nothing was decided */
    public void settle(long reviewId, String actor, String decision) {
        if (decision == null || decision.isBlank()) {
            throw new IllegalArgumentException("say what was decided: {\"decision\": \"merged\" | \"two people\"}");
        }
        reviews.resolve(reviewId, actor, decision);
    }
}
