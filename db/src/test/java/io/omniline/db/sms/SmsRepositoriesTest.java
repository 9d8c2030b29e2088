package io.omniline.db.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.NewInteraction;
import io.omniline.db.message.NewMessage;
import io.omniline.db.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmsRepositoriesTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final SmsPartRepository parts = db.repositories().smsParts();
    private final SmsSubmissionRepository submissions = db.repositories().smsSubmissions();

    @Test
    void partsInAnyOrderAndRedeliveredBecomeOneTextOnce() {
        String sender = "+1555" + (int) (Math.random() * 1_000_000);
        parts.store(sender, 7, 3, 3, "!");
        parts.store(sender, 7, 3, 1, "Hello ");
        parts.store(sender, 7, 3, 1, "Hello ");
        assertThat(parts.takeComplete(sender, 7, 3)).isEmpty();

        parts.store(sender, 7, 3, 2, "world");

        assertThat(parts.takeComplete(sender, 7, 3)).contains("Hello world!");
        assertThat(parts.takeComplete(sender, 7, 3)).isEmpty();
        assertThat(parts.store(sender, 7, 3, 2, "world"))
                .as("a part of a text stored a moment ago")
                .isFalse();
        assertThat(parts.takeComplete(sender, 7, 3)).isEmpty();
    }

    @Test
    void aMessageIsDeliveredWhenEveryPartIsAndFailedWhenOneFails() {
        long delivered = outgoing();
        submissions.record("a-" + delivered, delivered, 1);
        submissions.record("b-" + delivered, delivered, 2);
        long failed = outgoing();
        submissions.record("c-" + failed, failed, 1);
        submissions.record("d-" + failed, failed, 2);

        assertThat(submissions
                        .applyReceipt("a-" + delivered, "delivered")
                        .orElseThrow()
                        .messageState())
                .isEqualTo("sent");
        assertThat(submissions
                        .applyReceipt("b-" + delivered, "delivered")
                        .orElseThrow()
                        .messageState())
                .isEqualTo("delivered");
        assertThat(submissions
                        .applyReceipt("c-" + failed, "failed")
                        .orElseThrow()
                        .messageState())
                .isEqualTo("failed");
        assertThat(submissions.applyReceipt("never-sent-here", "delivered")).isEmpty();
    }

    private long outgoing() {
        long interaction = db.repositories()
                .interactions()
                .open(NewInteraction.inboundMessage(
                        Channel.sms, UUID.randomUUID().toString(), null, null))
                .id();
        return db.repositories()
                .messages()
                .append(NewMessage.fromCustomer(interaction, "hi", null))
                .id();
    }
}
