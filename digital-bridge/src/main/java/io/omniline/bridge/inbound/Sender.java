package io.omniline.bridge.inbound;

import io.omniline.customers.resolve.ContactDetails;

/** Who sent an inbound message, as far as the channel vouches for it. */
public sealed interface Sender {

    /** The channel delivered it from this address, so it finds (or makes) the customer who owns it. */
    record Vouched(ContactDetails details) implements Sender {}

    /**
     * The channel vouches for nobody: a chat visitor (whose claims stay on the conversation), an
     * alphanumeric SMS sender. The message is stored with no customer resolved.
     */
    record Unvouched() implements Sender {}

    static Sender vouched(ContactDetails details) {
        return new Vouched(details);
    }

    static Sender unvouched() {
        return new Unvouched();
    }
}
