package io.omniline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.seed.SeedPlan;
import io.omniline.db.seed.Seeder;
import io.omniline.db.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the driver once at a tiny size so it cannot rot; timings are printed, never asserted. */
class QueryBenchmarkTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void measuresBothHotReadsOnASeededDatabase() throws Exception {
        assertThatThrownBy(() -> new QueryBenchmark(db.repositories()).run(1))
                .hasMessageContaining("run ./omniline seed first");
        new Seeder(db.database().dataSource()).seed(new SeedPlan(100, 1_000, 3), done -> {});

        List<Figure> figures = new QueryBenchmark(db.repositories()).run(50);

        assertThat(figures)
                .extracting(Figure::name)
                .containsExactly(
                        "identity lookup, first touch",
                        "identity lookup, warm",
                        "pop context, first touch",
                        "pop context, warm");
        assertThat(figures).allSatisfy(figure -> {
            assertThat(figure.samples()).isEqualTo(50);
            assertThat(figure.p99Micros()).isGreaterThanOrEqualTo(figure.p50Micros());
        });
    }
}
