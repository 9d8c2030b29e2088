package io.omniline.db.secret;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedSecretsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theFirstCallerMakesTheSecretAndEveryLaterOneGetsTheSame() {
        byte[] first = new SharedSecrets(db.dsl()).getOrCreate("chat-token");
        byte[] again = new SharedSecrets(db.dsl()).getOrCreate("chat-token");
        byte[] other = new SharedSecrets(db.dsl()).getOrCreate("something-else");

        assertThat(first).hasSize(32).isEqualTo(again).isNotEqualTo(other);
    }
}
