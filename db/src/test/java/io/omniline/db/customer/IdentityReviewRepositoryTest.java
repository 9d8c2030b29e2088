package io.omniline.db.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.NotFoundException;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IdentityReviewRepositoryTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void aFlaggedPairWaitsUntilSomeoneDecides() {
        CustomerRepository customers = db.repositories().customers();
        long anna = customers.create("Anna", Map.of(), List.of()).id();
        long ben = customers.create("Ben", Map.of(), List.of()).id();
        IdentityReviewRepository reviews = db.repositories().identityReviews();

        IdentityReview review = reviews.flag(
                anna,
                ben,
                new IdentityNormalizer("US").email("family@example.com"),
                Channel.chat,
                "chat visitor gave Anna's phone and Ben's email");

        assertThat(reviews.open()).containsExactly(review);
        reviews.resolve(review.id(), "supervisor", "two people sharing an email");
        assertThat(reviews.open()).isEmpty();
        assertThat(db.repositories().auditLog().forEntity("identity_review", review.id()))
                .singleElement()
                .satisfies(
                        entry -> assertThat(entry.details()).containsEntry("decision", "two people sharing an email"));
        assertThatThrownBy(() -> reviews.resolve(review.id(), "supervisor", "again"))
                .isInstanceOf(NotFoundException.class);
    }
}
