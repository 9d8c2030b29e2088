package io.omniline.bench.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class OpeningHoursTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void aClockInsideTheMainFlowsHoursIsLeftAlone() {
        Clock tuesdayMorning =
                Clock.fixed(ZonedDateTime.of(2026, 12, 1, 9, 30, 0, 0, NEW_YORK).toInstant(), NEW_YORK);

        Clock shifted = OpeningHours.ofShippedMainFlow().openFor(Duration.ofHours(3), tuesdayMorning);

        assertThat(shifted.instant()).isEqualTo(tuesdayMorning.instant());
    }

    @Test
    void aClockOnASundayNightMovesToWhenTheFlowOpensOnMonday() {
        Clock sundayNight = Clock.fixed(
                ZonedDateTime.of(2026, 11, 29, 23, 0, 0, 0, NEW_YORK).toInstant(), NEW_YORK);

        Clock shifted = OpeningHours.ofShippedMainFlow().openFor(Duration.ofHours(3), sundayNight);

        assertThat(shifted.instant().atZone(NEW_YORK)).isEqualTo(ZonedDateTime.of(2026, 11, 30, 8, 0, 0, 0, NEW_YORK));
    }

    @Test
    void runsThatWouldCrossClosingTimeStartTheNextMorning() {
        Clock mondayEvening = Clock.fixed(
                ZonedDateTime.of(2026, 11, 30, 18, 0, 0, 0, NEW_YORK).toInstant(), NEW_YORK);

        Clock shifted = OpeningHours.ofShippedMainFlow().openFor(Duration.ofHours(3), mondayEvening);

        assertThat(shifted.instant().atZone(NEW_YORK)).isEqualTo(ZonedDateTime.of(2026, 12, 1, 8, 0, 0, 0, NEW_YORK));
    }
}
