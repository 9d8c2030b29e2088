package io.omniline.telephony.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omniline.db.lock.AdvisoryLocks;
import io.omniline.db.testing.TestDatabase;
import io.omniline.telephony.TelephonyAmi;
import io.omniline.telephony.sim.AmiSimulator;
import io.omniline.telephony.sim.QuickAmi;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which node reads an Asterisk server's AMI: the one holding the server's advisory lock. The lock
 * lives on a connection of its own; when that connection dies the owner stops, and another node
 * takes over.
 */
class AmiOwnershipTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final AmiOwnership.Settings QUICK =
            new AmiOwnership.Settings(Duration.ofMillis(200), Duration.ofMillis(200));

    @Test
    void oneNodeOfTwoOwnsAServerAndTheOtherTakesOverWhenItStops() throws Exception {
        Node a = new Node();
        Node b = new Node();
        try (AmiOwnership first = AmiOwnership.contend("east", locks(), QUICK, a)) {
            assertThat(a.events.poll(10, TimeUnit.SECONDS)).isEqualTo("taken");
            try (AmiOwnership second = AmiOwnership.contend("east", locks(), QUICK, b)) {
                assertThat(b.events.poll(1, TimeUnit.SECONDS))
                        .as("while the first holds it")
                        .isNull();
                assertThat(second.owned()).isFalse();

                first.close();

                assertThat(a.events.poll(5, TimeUnit.SECONDS)).isEqualTo("lost: Omniline is stopping");
                assertThat(b.events.poll(10, TimeUnit.SECONDS)).isEqualTo("taken");
                assertThat(second.owned()).isTrue();
            }
        }
    }

    @Test
    void eachServerHasALockOfItsOwn() throws Exception {
        Node a = new Node();
        Node b = new Node();
        try (AmiOwnership east = AmiOwnership.contend("east", locks(), QUICK, a);
                AmiOwnership west = AmiOwnership.contend("west", locks(), QUICK, b)) {
            assertThat(a.events.poll(10, TimeUnit.SECONDS)).isEqualTo("taken");
            assertThat(b.events.poll(10, TimeUnit.SECONDS)).isEqualTo("taken");
        }
    }

    @Test
    void anOwnerWhoseLockConnectionDiesIsStoppedAndAnotherNodeTakesOver() throws Exception {
        Node a = new Node();
        Node b = new Node();
        try (AmiOwnership first = AmiOwnership.contend("east", locks(), QUICK, a)) {
            assertThat(a.events.poll(10, TimeUnit.SECONDS)).isEqualTo("taken");
            try (AmiOwnership second = AmiOwnership.contend("east", locks(), QUICK, b)) {
                assertThat(b.events.poll(1, TimeUnit.SECONDS)).isNull();

                assertThat(terminateLockHolders()).isEqualTo(1);

                assertThat(a.events.poll(10, TimeUnit.SECONDS)).startsWith("lost: the database connection");
                assertThat(first.owned()).isFalse();
                assertThat(b.events.poll(10, TimeUnit.SECONDS)).isEqualTo("taken");
                assertThat(a.events.poll(1, TimeUnit.SECONDS))
                        .as("the first waits its turn again")
                        .isNull();
            }
        }
    }

    @Test
    void aNodeWhoseLockConnectionDiesLogsOutOfAsteriskAndAnotherNodeLogsIn() throws Exception {
        try (AmiSimulator asterisk = new AmiSimulator(Map.of("omniline", "s3cret"));
                TelephonyAmi nodeA = telephony(asterisk)) {
            await(nodeA::isConnected);
            assertThat(nodeA.followed()).containsExactly("default");
            try (TelephonyAmi nodeB = telephony(asterisk)) {
                assertThat(nodeB.followed()).isEmpty();
                assertThat(nodeB.status().reason()).contains("another Omniline node follows Asterisk 'default'");

                terminateLockHolders();

                await(() -> !nodeA.isConnected() && nodeB.isConnected());
                assertThat(nodeA.followed()).isEmpty();
                assertThat(nodeA.status().complete()).isFalse();
                assertThat(nodeB.followed()).containsExactly("default");
                assertThat(asterisk.logins()).isEqualTo(2);
                await(() -> nodeB.status().complete());
            }
        }
    }

    private static TelephonyAmi telephony(AmiSimulator asterisk) {
        Duration backoff = Duration.ofMillis(100);
        return TelephonyAmi.start(
                QuickAmi.settings(asterisk, backoff),
                locks(),
                QUICK,
                db.repositories().interactions(),
                db.repositories().agents(),
                db.repositories().agentStateLog(),
                null,
                null,
                event -> {},
                Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    private static AdvisoryLocks locks() {
        return AdvisoryLocks.beside(db.database());
    }

    /** What PostgreSQL does to a node that died: ends the sessions holding advisory locks. */
    private static int terminateLockHolders() {
        List<Boolean> ended = db.dsl()
                .fetch("select pg_terminate_backend(pid) from pg_locks "
                        + "where locktype = 'advisory' and granted and database = (select oid from pg_database "
                        + "where datname = current_database())")
                .getValues(0, Boolean.class);
        return (int) ended.stream().filter(Boolean::booleanValue).count();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private static final class Node implements AmiOwnership.Owner {

        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void taken() {
            events.add("taken");
        }

        @Override
        public void lost(String reason) {
            events.add("lost: " + reason);
        }
    }
}
