package io.omniline.telephony.callbacks;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.ConflictException;
import io.omniline.db.interaction.Channel;
import io.omniline.db.interaction.Direction;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionState;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A call back asked for while Omniline has no connection to Asterisk. */
class CallbackRequestsTest {

    @Test
    void withoutAsteriskTheAgentIsToldInWordsWhatToDoInstead() {
        Interaction chat = new Interaction(
                7,
                3L,
                Channel.chat,
                Direction.inbound,
                InteractionState.active,
                null,
                "support",
                0,
                2L,
                "c-7",
                null,
                null,
                OffsetDateTime.parse("2026-12-01T03:40:00Z"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of());

        assertThatThrownBy(() -> new CallbackRequests(null, null).request(chat, "+15551234567"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Omniline is not connected to a phone system (its connection to Asterisk is turned off),"
                        + " so it cannot place a call back; call the customer from your phone instead")
                .hasMessageNotContaining("ami.enabled");
    }
}
