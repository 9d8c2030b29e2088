package io.omniline.bridge.channels.email;

import io.omniline.bridge.events.ConversationListener;
import io.omniline.bridge.inbound.InboundPipeline;
import io.omniline.bridge.routing.DigitalRouter;
import io.omniline.customers.resolve.CustomerResolver;
import io.omniline.db.Transactions;
import io.omniline.db.email.MailboxCursor;
import io.omniline.db.message.Message;
import java.util.Optional;

/**
 * Stores one fetched mail on the right customer and thread, through the {@linkplain InboundPipeline
 * inbound pipeline} with email's rules in {@link EmailInbound}. A mail already taken in under its
 * Message-ID is skipped, also when two nodes read the same mail at once, which also covers a
 * mailbox whose UIDVALIDITY changed.
 */
public final class EmailImporter {

    private final InboundPipeline pipeline;
    private final EmailInbound adapter;

    public EmailImporter(
            Transactions transactions,
            CustomerResolver resolver,
            DigitalRouter router,
            ConversationListener events,
            String queueName) {
        this.pipeline = new InboundPipeline(transactions, resolver, router, events);
        this.adapter = new EmailInbound(queueName);
    }

    /** @return the stored message, or empty when this Message-ID was imported before */
    public Optional<Message> importMail(MailboxCursor position, ParsedEmail mail) {
        return pipeline.receive(adapter, new EmailInbound.Fetched(position, mail));
    }
}
