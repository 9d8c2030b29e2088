package io.omniline.db.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.testing.TestDatabase;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NotificationsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void everyListeningNodeGetsWhatAnyNodePublishes() throws Exception {
        LinkedBlockingQueue<String> nodeA = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> nodeB = new LinkedBlockingQueue<>();
        try (Notifications a = Notifications.listen(db.dsl(), db.database().dataSource(), "omniline_test", nodeA::add);
                Notifications b =
                        Notifications.listen(db.dsl(), db.database().dataSource(), "omniline_test", nodeB::add)) {
            Thread.sleep(300);
            a.publish("{\"agentId\": 7}");

            assertThat(nodeA.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"agentId\": 7}");
            assertThat(nodeB.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"agentId\": 7}");
        }
    }
}
