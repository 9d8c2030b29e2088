package io.omniline.db.customer;

import static io.omniline.db.jooq.Tables.IDENTITY_REVIEW;

import io.omniline.db.NotFoundException;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.identity.Identity;
import io.omniline.db.interaction.Channel;
import io.omniline.db.jooq.tables.records.IdentityReviewRecord;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The queue of possible duplicates that only a person may merge. */
public final class IdentityReviewRepository {

    private final DSLContext dsl;

    public IdentityReviewRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public IdentityReview flag(
            long customerId, long otherCustomerId, Identity identity, Channel channel, String reason) {
        return review(dsl.insertInto(IDENTITY_REVIEW)
                .set(IDENTITY_REVIEW.CUSTOMER_ID, customerId)
                .set(IDENTITY_REVIEW.OTHER_CUSTOMER_ID, otherCustomerId)
                .set(IDENTITY_REVIEW.KIND, identity.kind())
                .set(IDENTITY_REVIEW.VALUE, identity.value())
                .set(IDENTITY_REVIEW.CHANNEL, channel)
                .set(IDENTITY_REVIEW.REASON, reason)
                .returning()
                .fetchSingle());
    }

    /** Reviews nobody has decided yet, oldest first. */
    public List<IdentityReview> open() {
        return dsl.selectFrom(IDENTITY_REVIEW)
                .where(IDENTITY_REVIEW.RESOLVED_AT.isNull())
                .orderBy(IDENTITY_REVIEW.CREATED_AT, IDENTITY_REVIEW.ID)
                .fetch(IdentityReviewRepository::review);
    }

    /** Closes a review (after merging the two customers, or deciding they are two people). */
    public void resolve(long reviewId, String actor, String decision) {
        dsl.transaction(config -> {
            DSLContext tx = config.dsl();
            int updated = tx.update(IDENTITY_REVIEW)
                    .set(IDENTITY_REVIEW.RESOLVED_AT, DSL.currentOffsetDateTime())
                    .set(IDENTITY_REVIEW.RESOLVED_BY, actor)
                    .where(IDENTITY_REVIEW.ID.eq(reviewId).and(IDENTITY_REVIEW.RESOLVED_AT.isNull()))
                    .execute();
            if (updated == 0) {
                throw new NotFoundException("open identity review", reviewId);
            }
            AuditLog.write(
                    tx, actor, "identity.review.resolve", "identity_review", reviewId, Map.of("decision", decision));
        });
    }

    private static IdentityReview review(IdentityReviewRecord row) {
        return new IdentityReview(
                row.getId(),
                row.getCustomerId(),
                row.getOtherCustomerId(),
                new Identity(row.getKind(), row.getValue()),
                row.getChannel(),
                row.getReason(),
                row.getCreatedAt(),
                row.getResolvedAt(),
                row.getResolvedBy());
    }
}
