package io.omniline.bench.mainflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgiCommandTest {

    @Test
    void readsTheLongestCommandNameThenQuotedArguments() {
        AgiCommand command = AgiCommand.parse("GET DATA \"omniline/main-menu\" 5000 1");

        assertThat(command.name()).isEqualTo("GET DATA");
        assertThat(command.arguments()).containsExactly("omniline/main-menu", "5000", "1");
        assertThat(command.number(1, -1)).isEqualTo(5000);
        assertThat(command.number(3, -1)).isEqualTo(-1);
    }

    @Test
    void namesAreCaseInsensitiveAndACrlfEndingIsAccepted() {
        assertThat(AgiCommand.parse("get full variable \"${CHANNEL(linkedid)}\"\r"))
                .isEqualTo(new AgiCommand("GET FULL VARIABLE", List.of("${CHANNEL(linkedid)}")));
        assertThat(AgiCommand.parse("answer")).isEqualTo(new AgiCommand("ANSWER", List.of()));
    }

    @Test
    void anEmptyQuotedArgumentAndEscapesAreKept() {
        assertThat(AgiCommand.parse("STREAM FILE \"omniline/welcome\" \"\"").arguments())
                .containsExactly("omniline/welcome", "");
        assertThat(AgiCommand.parse("SET VARIABLE \"NOTE\" \"say \\\"hi\\\" now\"")
                        .arguments())
                .containsExactly("NOTE", "say \"hi\" now");
    }

    @Test
    void anUnknownCommandKeepsItsWholeLineAsItsName() {
        assertThat(AgiCommand.parse("FOO BAR").name()).isEqualTo("FOO BAR");
        assertThat(AgiCommand.parse("GET DATAX 1").name()).isEqualTo("GET DATAX 1");
    }
}
