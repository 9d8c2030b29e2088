package io.omniline.db.sms;

import static io.omniline.db.jooq.Tables.SMS_PART;

import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Parts of concatenated SMS waiting for their siblings. Each part is stored before the SMSC is
 * told it arrived, so a crash or a dropped bind between parts loses nothing.
 */
public final class SmsPartRepository {

    private final DSLContext dsl;

    public SmsPartRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stores one part (a redelivered part is stored once) and locks the set it belongs to. */
    public void store(String sender, int reference, int total, int seq, String body) {
        dsl.insertInto(SMS_PART)
                .set(SMS_PART.SENDER, sender)
                .set(SMS_PART.REFERENCE, reference)
                .set(SMS_PART.TOTAL, total)
                .set(SMS_PART.SEQ, seq)
                .set(SMS_PART.BODY, body)
                .onConflictDoNothing()
                .execute();
    }

    /**
     * The whole text once every part is here, and the parts are then removed; empty while parts
     * are missing. Call inside the transaction that stores the assembled message.
     */
    public Optional<String> takeComplete(String sender, int reference, int total) {
        List<String> bodies = dsl.select(SMS_PART.BODY)
                .from(SMS_PART)
                .where(SMS_PART.SENDER.eq(sender).and(SMS_PART.REFERENCE.eq(reference)).and(SMS_PART.TOTAL.eq(total)))
                .orderBy(SMS_PART.SEQ)
                .forUpdate()
                .fetch(SMS_PART.BODY);
        if (bodies.size() < total) {
            return Optional.empty();
        }
        dsl.deleteFrom(SMS_PART)
                .where(SMS_PART.SENDER.eq(sender).and(SMS_PART.REFERENCE.eq(reference)).and(SMS_PART.TOTAL.eq(total)))
                .execute();
        return Optional.of(String.join("", bodies));
    }
}
