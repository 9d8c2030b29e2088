package io.omniline.db.customer;

import io.omniline.db.ConflictException;
import io.omniline.db.identity.Identity;

/** The identity already belongs to another customer; attaching it would silently join two people. */
public final class IdentityTakenException extends ConflictException {

    private final Identity identity;
    private final long ownerId;

    IdentityTakenException(Identity identity, long ownerId) {
        super(identity + " already belongs to customer " + ownerId);
        this.identity = identity;
        this.ownerId = ownerId;
    }

    public Identity identity() {
        return identity;
    }

    public long ownerId() {
        return ownerId;
    }
}
