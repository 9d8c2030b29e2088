package io.omniline.db.sms;

import static io.omniline.db.jooq.Tables.SMS_PART;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Parts of concatenated SMS waiting for their siblings. Each part is stored before the SMSC is
 * told it arrived, so a crash or a dropped bind between parts loses nothing. The parts of one
 * message are stored one delivery at a time (a lock on the set), so two parts arriving together
 * still find each other, and an assembled set is remembered for a while, so a part delivered
 * again is recognised as such.
 */
public final class SmsPartRepository {

    /** An assembled set is remembered this long; a sender reusing its reference after that starts a new message. */
    private static final Field<OffsetDateTime> FORGOTTEN_BEFORE =
            DSL.field("now() - interval '10 minutes'", SQLDataType.TIMESTAMPWITHTIMEZONE);

    private final DSLContext dsl;

    public SmsPartRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Stores one part and locks the set it belongs to until the transaction ends. Call inside the
     * transaction that assembles and stores the message.
     *
     * @return false when the part belongs to a message assembled lately: a redelivery of a stored text
     */
    public boolean store(String sender, int reference, int total, int seq, String body) {
        dsl.execute(
                "select pg_advisory_xact_lock(hashtextextended(?, 0))",
                "sms_part:" + sender + ":" + reference + ":" + total);
        int stored = dsl.insertInto(SMS_PART)
                .set(SMS_PART.SENDER, sender)
                .set(SMS_PART.REFERENCE, reference)
                .set(SMS_PART.TOTAL, total)
                .set(SMS_PART.SEQ, seq)
                .set(SMS_PART.BODY, body)
                .onConflict(SMS_PART.SENDER, SMS_PART.REFERENCE, SMS_PART.TOTAL, SMS_PART.SEQ)
                .doUpdate()
                .set(SMS_PART.BODY, body)
                .set(SMS_PART.RECEIVED_AT, DSL.currentOffsetDateTime())
                .setNull(SMS_PART.ASSEMBLED_AT)
                .where(SMS_PART.ASSEMBLED_AT.lt(FORGOTTEN_BEFORE))
                .execute();
        return stored == 1
                || dsl.fetchExists(
                        SMS_PART,
                        set(sender, reference, total).and(SMS_PART.SEQ.eq(seq)).and(SMS_PART.ASSEMBLED_AT.isNull()));
    }

    /**
     * The whole text once every part is here, and the parts are then marked assembled; empty while
     * parts are missing. Call inside the transaction that stores the assembled message.
     */
    public Optional<String> takeComplete(String sender, int reference, int total) {
        List<String> bodies = dsl.select(SMS_PART.BODY)
                .from(SMS_PART)
                .where(set(sender, reference, total).and(SMS_PART.ASSEMBLED_AT.isNull()))
                .orderBy(SMS_PART.SEQ)
                .fetch(SMS_PART.BODY);
        if (bodies.size() < total) {
            return Optional.empty();
        }
        dsl.update(SMS_PART)
                .set(SMS_PART.ASSEMBLED_AT, DSL.currentOffsetDateTime())
                .where(set(sender, reference, total).and(SMS_PART.ASSEMBLED_AT.isNull()))
                .execute();
        dsl.deleteFrom(SMS_PART)
                .where(SMS_PART.SENDER.eq(sender).and(SMS_PART.ASSEMBLED_AT.lt(FORGOTTEN_BEFORE)))
                .execute();
        return Optional.of(String.join("", bodies));
    }

    private static Condition set(String sender, int reference, int total) {
        return SMS_PART.SENDER.eq(sender).and(SMS_PART.REFERENCE.eq(reference)).and(SMS_PART.TOTAL.eq(total));
    }
}
