package io.omniline.db.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.Message;
import io.omniline.db.message.MessageRepository;
import io.omniline.db.message.NewMessage;
import io.omniline.db.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TimelineQueryTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theWholeHistoryComesNewestFirstPageByPageWithEveryMessage() {
        long customer =
                db.repositories().customers().create("Ivy", Map.of(), List.of()).id();
        InteractionRepository interactions = db.repositories().interactions();
        MessageRepository messages = db.repositories().messages();
        List<Long> opened = new ArrayList<>();
        Channel[] channels = {Channel.chat, Channel.email, Channel.sms, Channel.voice, Channel.chat};
        for (Channel channel : channels) {
            long id = interactions
                    .open(
                            channel == Channel.voice
                                    ? NewInteraction.inboundCall(
                                            UUID.randomUUID().toString(), null, customer, null)
                                    : NewInteraction.inboundMessage(
                                            channel, UUID.randomUUID().toString(), customer, null))
                    .id();
            opened.add(id);
            if (channel != Channel.voice) {
                messages.append(NewMessage.fromCustomer(id, channel + " first", null));
                messages.append(NewMessage.fromCustomer(id, channel + " second", null));
            }
        }
        TimelineQuery timeline = db.repositories().timelines();

        List<TimelineEntry> first = timeline.page(customer, 2, null);
        List<TimelineEntry> second = timeline.page(customer, 2, first.get(1).interaction());
        List<TimelineEntry> third = timeline.page(customer, 2, second.get(1).interaction());

        assertThat(first).extracting(entry -> entry.interaction().id()).containsExactly(opened.get(4), opened.get(3));
        assertThat(second).extracting(entry -> entry.interaction().id()).containsExactly(opened.get(2), opened.get(1));
        assertThat(third).extracting(entry -> entry.interaction().id()).containsExactly(opened.get(0));
        assertThat(first.get(0).messages()).extracting(Message::body).containsExactly("chat first", "chat second");
        assertThat(first.get(1).messages()).isEmpty();
        assertThat(timeline.page(customer, 2, third.get(0).interaction())).isEmpty();
    }
}
