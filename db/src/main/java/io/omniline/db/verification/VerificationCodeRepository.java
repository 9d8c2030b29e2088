package io.omniline.db.verification;

import static io.omniline.db.jooq.Tables.VERIFICATION_CODE;

import io.omniline.db.identity.Identity;
import io.omniline.db.jooq.tables.records.VerificationCodeRecord;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * One-time codes that prove a chat visitor holds the phone or address they typed. The limit on
 * codes per phone or address is checked and the code stored under a lock on that value, so
 * concurrent requests cannot get past it; every try at a code is counted before it is compared.
 */
public final class VerificationCodeRepository {

    private final DSLContext dsl;

    public VerificationCodeRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Stores a new code unless {@code maxPerValue} codes already went to this phone or address
     * since {@code windowStart}; an earlier unused code of the conversation stops counting as its code.
     *
     * @return the stored code, or empty when the limit is reached
     */
    public Optional<VerificationCode> issue(
            long interactionId,
            Identity sentTo,
            byte[] codeHash,
            OffsetDateTime now,
            OffsetDateTime expiresAt,
            OffsetDateTime windowStart,
            int maxPerValue) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            tx.execute("select pg_advisory_xact_lock(hashtextextended(?, 0))", "verification_code:" + sentTo);
            int recent = tx.fetchCount(
                    VERIFICATION_CODE,
                    VERIFICATION_CODE
                            .KIND
                            .eq(sentTo.kind())
                            .and(VERIFICATION_CODE.VALUE.eq(sentTo.value()))
                            .and(VERIFICATION_CODE.CREATED_AT.gt(windowStart)));
            if (recent >= maxPerValue) {
                return Optional.empty();
            }
            return Optional.of(code(tx.insertInto(VERIFICATION_CODE)
                    .set(VERIFICATION_CODE.INTERACTION_ID, interactionId)
                    .set(VERIFICATION_CODE.KIND, sentTo.kind())
                    .set(VERIFICATION_CODE.VALUE, sentTo.value())
                    .set(VERIFICATION_CODE.CODE_HASH, codeHash)
                    .set(VERIFICATION_CODE.CREATED_AT, now)
                    .set(VERIFICATION_CODE.EXPIRES_AT, expiresAt)
                    .returning()
                    .fetchSingle()));
        });
    }

    /** Forgets a code that could not be sent, so it neither counts against the limit nor can be guessed. */
    public void withdraw(long codeId) {
        dsl.deleteFrom(VERIFICATION_CODE).where(VERIFICATION_CODE.ID.eq(codeId)).execute();
    }

    /**
     * Counts one try at the conversation's newest code and returns it as it is after the count;
     * empty when the conversation has no code waiting.
     */
    public Optional<VerificationCode> countTry(long interactionId) {
        return dsl.update(VERIFICATION_CODE)
                .set(VERIFICATION_CODE.ATTEMPTS, VERIFICATION_CODE.ATTEMPTS.plus(1))
                .where(VERIFICATION_CODE.ID.eq(DSL.select(VERIFICATION_CODE.ID)
                        .from(VERIFICATION_CODE)
                        .where(VERIFICATION_CODE.INTERACTION_ID.eq(interactionId))
                        .orderBy(VERIFICATION_CODE.CREATED_AT.desc(), VERIFICATION_CODE.ID.desc())
                        .limit(1)))
                .and(VERIFICATION_CODE.USED_AT.isNull())
                .returning()
                .fetchOptional(VerificationCodeRepository::code);
    }

    /** @return false when the code was used already (a second right answer racing the first) */
    public boolean use(long codeId, OffsetDateTime at) {
        return dsl.update(VERIFICATION_CODE)
                        .set(VERIFICATION_CODE.USED_AT, at)
                        .where(VERIFICATION_CODE.ID.eq(codeId).and(VERIFICATION_CODE.USED_AT.isNull()))
                        .execute()
                == 1;
    }

    private static VerificationCode code(VerificationCodeRecord row) {
        return new VerificationCode(
                row.getId(),
                row.getInteractionId(),
                new Identity(row.getKind(), row.getValue()),
                row.getCodeHash(),
                row.getCreatedAt(),
                row.getExpiresAt(),
                row.getAttempts(),
                row.getUsedAt());
    }
}
