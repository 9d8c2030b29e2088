package io.omniline.bridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.bridge.events.ConversationEvent;
import io.omniline.bridge.testing.AllAtOnce;
import io.omniline.bridge.testing.Bridge;
import io.omniline.bridge.testing.Eventually;
import io.omniline.customers.resolve.ContactDetails;
import io.omniline.db.customer.Customer;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.jooq.Tables;
import io.omniline.db.message.Attachment;
import io.omniline.db.message.Message;
import io.omniline.db.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline with a channel of the test's own ({@link Pigeon}), which is all a new channel such
 * as WhatsApp has to write: who sent it, its receipt id, what to store, how it threads and what a
 * new conversation looks like. Everything asserted here the pipeline does for every channel.
 */
class InboundPipelineTest {

    private static final String KIM = "+14155550142";
    private static final String STRANGER = "+14155550199";

    @RegisterExtension
    final TestDatabase db = TestDatabase.perTest();

    private Bridge bridge;
    private InboundPipeline pipeline;
    private final Pigeon pigeon = new Pigeon();

    @BeforeEach
    void start() {
        bridge = new Bridge(db.repositories());
        pipeline = new InboundPipeline(db.transactions(), bridge.resolver, bridge.router, bridge.events);
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void aFirstMessageOpensAConversationOnTheSendersCustomerQueuesItAndOffersIt() {
        Customer kim = bridge.customers.create("Kim", Map.of(), List.of(bridge.normalizer.phone(KIM)));
        long agent = bridge.agentSignedIn(3, Pigeon.QUEUE);

        Message message = pipeline.receive(pigeon, new Note(KIM, "r-1", "thread-1", "Where is my parcel?"))
                .orElseThrow();

        Interaction conversation =
                bridge.interactions.findById(message.interactionId()).orElseThrow();
        assertThat(conversation.customerId()).isEqualTo(kim.id());
        assertThat(conversation.channel()).isEqualTo(Pigeon.CHANNEL);
        assertThat(conversation.queueName()).isEqualTo(Pigeon.QUEUE);
        assertThat(conversation.linkedId()).isEqualTo("thread-1");
        assertThat(message.body()).isEqualTo("Where is my parcel?");
        assertThat(message.externalId()).isEqualTo("r-1");
        assertThat(bridge.heard)
                .filteredOn(ConversationEvent.MessageStored.class::isInstance)
                .map(ConversationEvent.MessageStored.class::cast)
                .singleElement()
                .satisfies(stored -> {
                    assertThat(stored.message()).isEqualTo(message);
                    assertThat(stored.interaction().id()).isEqualTo(conversation.id());
                    assertThat(stored.authorName()).isEqualTo("sender " + KIM);
                });
        ConversationEvent.Offered offered = Eventually.await(
                () -> bridge.heard.stream()
                        .filter(ConversationEvent.Offered.class::isInstance)
                        .map(ConversationEvent.Offered.class::cast)
                        .findFirst()
                        .orElse(null),
                event -> event != null,
                Duration.ofSeconds(10));
        assertThat(offered.offer().interactionId()).isEqualTo(conversation.id());
        assertThat(offered.offer().agentId()).isEqualTo(agent);
    }

    @Test
    void oneReceiptDeliveredManyTimesAtOnceIsStoredOnce() throws Exception {
        bridge.customers.create("Kim", Map.of(), List.of(bridge.normalizer.phone(KIM)));
        List<Optional<Message>> deliveries =
                AllAtOnce.run(8, () -> pipeline.receive(pigeon, new Note(KIM, "r-twice", "thread-1", "Once, please")));

        assertThat(deliveries).filteredOn(Optional::isPresent).hasSize(1);
        long conversation = deliveries.stream()
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow()
                .interactionId();
        assertThat(bridge.messages.transcript(conversation))
                .extracting(Message::body)
                .containsExactly("Once, please");
        assertThat(bridge.heard)
                .filteredOn(ConversationEvent.MessageStored.class::isInstance)
                .hasSize(1);
    }

    @Test
    void aThreadIsContinuedOnlyByItsOwnCustomer() {
        bridge.customers.create("Kim", Map.of(), List.of(bridge.normalizer.phone(KIM)));
        Message first = pipeline.receive(pigeon, new Note(KIM, "r-1", "thread-1", "Hello"))
                .orElseThrow();
        Message second = pipeline.receive(pigeon, new Note(KIM, "r-2", "thread-1", "Still there?"))
                .orElseThrow();
        Message stranger = pipeline.receive(pigeon, new Note(STRANGER, "r-3", "thread-1", "Let me in"))
                .orElseThrow();

        assertThat(second.interactionId()).isEqualTo(first.interactionId());
        assertThat(stranger.interactionId()).isNotEqualTo(first.interactionId());
        assertThat(bridge.messages.transcript(first.interactionId()))
                .extracting(Message::body)
                .containsExactly("Hello", "Still there?");
    }

    @Test
    void aClosedThreadTakenUpAgainOpensANewConversationTheAdapterLinksToIt() {
        bridge.customers.create("Kim", Map.of(), List.of(bridge.normalizer.phone(KIM)));
        Message first = pipeline.receive(pigeon, new Note(KIM, "r-1", "thread-1", "Hello"))
                .orElseThrow();
        bridge.interactions.end(first.interactionId(), InteractionOutcome.abandoned_in_queue);

        Message again = pipeline.receive(pigeon, new Note(KIM, "r-2", "thread-1", "Me again"))
                .orElseThrow();

        Interaction reopened =
                bridge.interactions.findById(again.interactionId()).orElseThrow();
        assertThat(reopened.id()).isNotEqualTo(first.interactionId());
        assertThat(reopened.state()).isIn(InteractionState.queued, InteractionState.offered);
        assertThat(reopened.linkedId()).isEqualTo("thread-1");
        assertThat(pigeon.reopened).containsExactly(first.interactionId());
    }

    @Test
    void anUnvouchedSenderFindsNoCustomerEvenWhenTheirClaimMatchesOne() {
        bridge.customers.create("Kim", Map.of(), List.of(bridge.normalizer.phone(KIM)));

        Message message = pipeline.receive(pigeon, new Note(null, "r-1", "thread-1", "I am Kim, honest"))
                .orElseThrow();

        assertThat(bridge.interactions
                        .findById(message.interactionId())
                        .orElseThrow()
                        .customerId())
                .isNull();
    }

    @Test
    void charactersTheDatabaseCannotStoreAreLeftOrReplacedWithANote() {
        Message message = pipeline.receive(pigeon, new Note(KIM, "r-\0-1", "thread-1", "A\0B\uD800C"))
                .orElseThrow();

        assertThat(message.body()).isEqualTo("AB\uFFFDC");
        assertThat(message.externalId()).isEqualTo("r--1");
        assertThat(message.metadata().get("problems"))
                .isEqualTo(List.of("2 character(s) that cannot be stored (NUL, broken UTF-16) were left out"));
    }

    @Test
    void whenTheAdapterHasNothingToStoreNothingIsStoredAndNobodyIsTold() {
        Optional<Message> stored = pipeline.receive(pigeon, new Note(KIM, "r-1", "thread-1", Pigeon.NOTHING_YET));

        assertThat(stored).isEmpty();
        assertThat(db.dsl().fetchCount(Tables.INTERACTION)).isZero();
        assertThat(bridge.heard).isEmpty();
    }

    @Test
    void attachmentsAreKeptOrRecordedAsDroppedWithTheirReason() {
        Message message = pipeline.receive(pigeon, new Note(KIM, "r-1", "thread-1", "See the photos"))
                .orElseThrow();

        List<Attachment> attachments = db.repositories().attachments().of(message.id());
        assertThat(attachments).extracting(Attachment::fileName).containsExactlyInAnyOrder("photo.jpg", "video.mp4");
        Attachment kept = attachments.stream()
                .filter(a -> a.fileName().equals("photo.jpg"))
                .findFirst()
                .orElseThrow();
        Attachment dropped = attachments.stream()
                .filter(a -> a.fileName().equals("video.mp4"))
                .findFirst()
                .orElseThrow();
        assertThat(kept.content()).isEqualTo("jpeg".getBytes(StandardCharsets.UTF_8));
        assertThat(dropped.content()).isNull();
        assertThat(dropped.sizeBytes()).isEqualTo(50_000_000L);
        assertThat(dropped.droppedReason()).isEqualTo("bigger than this channel takes");
    }

    /**
     * One message of the test's channel.
     *
     * @param from a phone number the channel vouches for; null for a sender it cannot vouch for
     * @param thread the channel's conversation key (a WhatsApp chat, a Telegram chat id)
     */
    private record Note(String from, String receiptId, String thread, String text) {}

    /**
     * A channel that threads by a key of its own. It borrows SMS's channel value: a real new
     * channel adds its value to the {@code channel} type in a migration.
     */
    private static final class Pigeon implements InboundAdapter<Note> {

        static final Channel CHANNEL = Channel.sms;
        static final String QUEUE = "pigeon";
        static final String NOTHING_YET = "(a part; the rest is still on its way)";

        final List<Long> reopened = new ArrayList<>();

        @Override
        public Channel channel() {
            return CHANNEL;
        }

        @Override
        public String queue() {
            return QUEUE;
        }

        @Override
        public Sender sender(Note note) {
            return note.from() == null
                    ? Sender.unvouched()
                    : Sender.vouched(new ContactDetails(null, note.from(), null));
        }

        @Override
        public String receiptId(Note note) {
            return note.receiptId();
        }

        @Override
        public Optional<InboundContent> content(InboundStore store, Note note) {
            if (note.text().equals(NOTHING_YET)) {
                return Optional.empty();
            }
            List<InboundAttachment> attachments = note.text().contains("photos")
                    ? List.of(
                            InboundAttachment.kept("photo.jpg", "image/jpeg", "jpeg".getBytes(StandardCharsets.UTF_8)),
                            InboundAttachment.dropped(
                                    "video.mp4", "video/mp4", 50_000_000L, "bigger than this channel takes"))
                    : List.of();
            return Optional.of(
                    new InboundContent(note.text(), "text/plain", note.receiptId(), null, Map.of(), attachments));
        }

        /** The customer's latest conversation under the thread key: a stranger's key finds none of theirs. */
        @Override
        public Optional<Interaction> thread(InboundStore store, Note note, Long customerId) {
            if (customerId == null) {
                return Optional.empty();
            }
            return store.interactions().recentByCustomer(customerId, 20).stream()
                    .filter(found -> found.channel() == CHANNEL && note.thread().equals(found.linkedId()))
                    .findFirst();
        }

        @Override
        public NewConversation open(Note note, Long customerId, Interaction earlier) {
            if (earlier != null) {
                reopened.add(earlier.id());
            }
            return new NewConversation("pigeon:" + UUID.randomUUID(), note.thread(), null, Map.of());
        }

        @Override
        public String authorName(Note note) {
            return "sender " + note.from();
        }
    }
}
