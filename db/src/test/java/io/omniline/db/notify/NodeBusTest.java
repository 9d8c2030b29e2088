package io.omniline.db.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.testing.TestDatabase;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NodeBusTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void aNoticeReachesTheOtherNodesOnItsTopicAndNotTheNodeThatSentIt() throws Exception {
        LinkedBlockingQueue<String> desktopsOnA = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> desktopsOnB = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> visitorsOnB = new LinkedBlockingQueue<>();
        try (NodeBus a = NodeBus.start(db.dsl(), db.database().dataSource());
                NodeBus b = NodeBus.start(db.dsl(), db.database().dataSource())) {
            a.subscribe("desktop", desktopsOnA::add);
            b.subscribe("desktop", desktopsOnB::add);
            b.subscribe("visitor", visitorsOnB::add);
            Thread.sleep(300);

            a.publish("desktop", "{\"agentId\":7}");
            a.publish("visitor", "message 42 99");

            assertThat(desktopsOnB.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"agentId\":7}");
            assertThat(visitorsOnB.poll(5, TimeUnit.SECONDS)).isEqualTo("message 42 99");
            assertThat(desktopsOnB).isEmpty();
            assertThat(desktopsOnA).as("the sender delivered its own already").isEmpty();
        }
    }

    @Test
    void aNoticeNotInTheBusShapeIsIgnoredAndTheNextOneStillArrives() throws Exception {
        LinkedBlockingQueue<String> onB = new LinkedBlockingQueue<>();
        try (NodeBus a = NodeBus.start(db.dsl(), db.database().dataSource());
                NodeBus b = NodeBus.start(db.dsl(), db.database().dataSource())) {
            b.subscribe("desktop", onB::add);
            Thread.sleep(300);

            Notifications.send(db.dsl(), NodeBus.CHANNEL, "no topic, no node");
            a.publish("desktop", "after");

            assertThat(onB.poll(5, TimeUnit.SECONDS)).isEqualTo("after");
        }
    }
}
