package io.omniline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final List<String> journal = new ArrayList<>();

    @Test
    void startsInOrderAndStopsInReverse() throws Exception {
        Lifecycle lifecycle = new Lifecycle("test");
        lifecycle.start(new Recorded("database"));
        lifecycle.start(new Recorded("telephony"));
        lifecycle.start(new Recorded("web"));

        lifecycle.stop();

        assertThat(journal)
                .containsExactly(
                        "start database",
                        "start telephony",
                        "start web",
                        "stop web",
                        "stop telephony",
                        "stop database");
    }

    @Test
    void aFailedStartStopsWhatStartedBeforeItInReverseAndRethrows() throws Exception {
        Lifecycle lifecycle = new Lifecycle("test");
        lifecycle.start(new Recorded("database"));
        lifecycle.start(new Recorded("telephony"));
        IllegalStateException refused = new IllegalStateException("port taken");

        assertThatThrownBy(() -> lifecycle.start(new Recorded("web", refused, null)))
                .isSameAs(refused);

        assertThat(journal)
                .containsExactly("start database", "start telephony", "start web", "stop telephony", "stop database");
    }

    @Test
    void aFailingOpenerStopsWhatStartedBeforeItAndRethrows() throws Exception {
        Lifecycle lifecycle = new Lifecycle("test");
        lifecycle.start(new Recorded("database"));
        lifecycle.open("chat", () -> () -> journal.add("close chat"));
        IllegalStateException refused = new IllegalStateException("no mailbox");

        assertThatThrownBy(() -> lifecycle.open("email", () -> {
                    throw refused;
                }))
                .isSameAs(refused);

        assertThat(journal).containsExactly("start database", "close chat", "stop database");
    }

    @Test
    void anOpenerThatReturnsNothingRegistersNothing() throws Exception {
        Lifecycle lifecycle = new Lifecycle("test");
        lifecycle.start(new Recorded("database"));

        AutoCloseable off = lifecycle.open("sms (off)", () -> null);
        assertThat(off).isNull();
        lifecycle.stop();

        assertThat(journal).containsExactly("start database", "stop database");
    }

    @Test
    void aFailureBetweenStartsStopsWhatTheAssemblyHadStarted() throws Exception {
        Lifecycle lifecycle = new Lifecycle("test");
        IllegalStateException migrationFailed = new IllegalStateException("migration failed");

        assertThatThrownBy(() -> lifecycle.assemble(() -> {
                    lifecycle.start(new Recorded("embedded PostgreSQL"));
                    lifecycle.start(new Recorded("pool"));
                    throw migrationFailed;
                }))
                .isSameAs(migrationFailed);

        assertThat(journal)
                .containsExactly("start embedded PostgreSQL", "start pool", "stop pool", "stop embedded PostgreSQL");
    }

    @Test
    void anAssemblyReturnsWhatItBuiltAndLeavesItRunning() throws Exception {
        Lifecycle lifecycle = new Lifecycle("test");

        Recorded built = lifecycle.assemble(() -> lifecycle.start(new Recorded("database")));

        assertThat(built.name()).isEqualTo("database");
        assertThat(journal).containsExactly("start database");
    }

    @Test
    void aFailingStopDoesNotSkipTheOthers() throws Exception {
        Lifecycle lifecycle = new Lifecycle("test");
        lifecycle.start(new Recorded("database"));
        lifecycle.start(new Recorded("telephony", null, new IllegalStateException("AMI hung")));
        lifecycle.start(new Recorded("web", null, new RuntimeException("jetty")));

        lifecycle.stop();

        assertThat(journal)
                .containsExactly(
                        "start database",
                        "start telephony",
                        "start web",
                        "stop web",
                        "stop telephony",
                        "stop database");
    }

    @Test
    void stoppingTwiceStopsEachServiceOnce() throws Exception {
        Lifecycle lifecycle = new Lifecycle("test");
        lifecycle.start(new Recorded("database"));

        lifecycle.stop();
        lifecycle.close();

        assertThat(journal).containsExactly("start database", "stop database");
    }

    /** Writes each start and stop to the journal, then fails if told to. */
    private final class Recorded implements Service {

        private final String name;
        private final RuntimeException startFailure;
        private final RuntimeException stopFailure;

        Recorded(String name) {
            this(name, null, null);
        }

        Recorded(String name, RuntimeException startFailure, RuntimeException stopFailure) {
            this.name = name;
            this.startFailure = startFailure;
            this.stopFailure = stopFailure;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() {
            journal.add("start " + name);
            if (startFailure != null) {
                throw startFailure;
            }
        }

        @Override
        public void stop() {
            journal.add("stop " + name);
            if (stopFailure != null) {
                throw stopFailure;
            }
        }
    }
}
