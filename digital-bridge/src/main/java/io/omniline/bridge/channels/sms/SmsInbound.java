package io.omniline.bridge.channels.sms;

import io.omniline.bridge.inbound.InboundAdapter;
import io.omniline.bridge.inbound.InboundAttachment;
import io.omniline.bridge.inbound.InboundContent;
import io.omniline.bridge.inbound.InboundStore;
import io.omniline.bridge.inbound.NewConversation;
import io.omniline.bridge.inbound.Sender;
import io.omniline.customers.resolve.ContactDetails;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.sms.SmsPartRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SMS's part of taking in a text. A phone-number sender is vouched for by the network and finds
 * its customer; an alphanumeric one ("MyBank") finds none. Texts from one sender with no more than
 * the inactivity window between them form one session (keyed by the sender in linked_id). Parts of
 * a long message are kept until the last arrives, and only the whole is stored.
 */
final class SmsInbound implements InboundAdapter<SmsInbound.Text> {

    /**
     * One text as the edge took it, already without characters that cannot be stored.
     *
     * @param from the sender, E.164 when it is a phone number
     * @param externalId the SMSC's or provider's id; null when none
     * @param removed how many characters were left out of the text, the sender and the id
     * @param original the text as it arrived; null when there is nothing more to keep than the text
     */
    record Text(
            String from,
            ShortMessage sms,
            String externalId,
            Map<String, Object> details,
            int removed,
            SmsInbox.Original original) {}

    private final String queueName;
    private final Duration sessionWindow;

    SmsInbound(String queueName, Duration sessionWindow) {
        this.queueName = queueName;
        this.sessionWindow = sessionWindow;
    }

    @Override
    public Channel channel() {
        return Channel.sms;
    }

    @Override
    public String queue() {
        return queueName;
    }

    @Override
    public Sender sender(Text text) {
        return text.from().startsWith("+")
                ? Sender.vouched(new ContactDetails(null, text.from(), null))
                : Sender.unvouched();
    }

    @Override
    public String receiptId(Text text) {
        return text.externalId();
    }

    @Override
    public Optional<InboundContent> content(InboundStore store, Text text) {
        String body = text.sms().text();
        if (text.sms().part().isPresent()) {
            ShortMessage.Part part = text.sms().part().get();
            SmsPartRepository parts = store.smsParts();
            if (!parts.store(text.from(), part.reference(), part.total(), part.seq(), body)) {
                return Optional.empty();
            }
            Optional<String> whole = parts.takeComplete(text.from(), part.reference(), part.total());
            if (whole.isEmpty()) {
                return Optional.empty();
            }
            body = whole.get();
        }
        Map<String, Object> metadata = new LinkedHashMap<>(text.details());
        metadata.put("from", text.from());
        List<String> problems = new ArrayList<>();
        if (text.sms().problem() != null) {
            problems.add(text.sms().problem());
        }
        if (text.removed() > 0) {
            problems.add(InboundContent.charactersLeftOut(text.removed()));
        }
        boolean keepOriginal = !problems.isEmpty() && text.original() != null;
        if (keepOriginal) {
            problems.add("the text as it arrived is attached");
        }
        if (!problems.isEmpty()) {
            metadata.put("problems", problems);
        }
        List<InboundAttachment> attachments = keepOriginal
                ? List.of(InboundAttachment.kept(
                        text.original().fileName(),
                        text.original().contentType(),
                        text.original().bytes()))
                : List.of();
        return Optional.of(new InboundContent(body, "text/plain", text.externalId(), null, metadata, attachments));
    }

    @Override
    public Optional<Interaction> thread(InboundStore store, Text text, Long customerId) {
        return store.smsSessions().current(text.from(), sessionWindow);
    }

    @Override
    public NewConversation open(Text text, Long customerId, Interaction earlier) {
        return new NewConversation("sms:" + UUID.randomUUID(), text.from(), null, Map.of());
    }
}
