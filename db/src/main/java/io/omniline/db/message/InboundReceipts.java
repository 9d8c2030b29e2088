package io.omniline.db.message;

import static io.omniline.db.jooq.Tables.INBOUND_RECEIPT;

import io.omniline.db.interaction.Channel;
import org.jooq.DSLContext;

/**
 * The channel ids of inbound messages already taken in (an email's Message-ID, an SMS provider's
 * or SMSC's id). Claiming one is a single insert on its primary key: a second delivery racing
 * the first waits for it and then finds the id taken, so a message is stored once however many
 * times, and however concurrently, it arrives.
 */
public final class InboundReceipts {

    private final DSLContext dsl;

    public InboundReceipts(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Call inside the transaction that stores the message, so the claim and the message commit
     * together (or neither does, and a redelivery is stored then).
     *
     * @return true for the first delivery of this id on this channel; false for a repeat
     */
    public boolean claim(Channel channel, String externalId) {
        return dsl.insertInto(INBOUND_RECEIPT)
                        .set(INBOUND_RECEIPT.CHANNEL, channel)
                        .set(INBOUND_RECEIPT.EXTERNAL_ID, externalId)
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }
}
