package io.omniline.db.secret;

import static io.omniline.db.jooq.Tables.SHARED_SECRET;

import java.security.SecureRandom;
import org.jooq.DSLContext;

/** Secrets shared by all nodes, created on first use; two nodes starting together still end up with one. */
public final class SharedSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;

    public SharedSecrets(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The named secret, made now (32 random bytes) if nobody made it before. */
    public byte[] getOrCreate(String name) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        dsl.insertInto(SHARED_SECRET)
                .set(SHARED_SECRET.NAME, name)
                .set(SHARED_SECRET.VALUE, fresh)
                .onConflictDoNothing()
                .execute();
        return dsl.select(SHARED_SECRET.VALUE)
                .from(SHARED_SECRET)
                .where(SHARED_SECRET.NAME.eq(name))
                .fetchSingle(SHARED_SECRET.VALUE);
    }
}
