package io.omniline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one place errors become words: database rules and state names never reach a person. */
class ErrorWordsTest {

    @Test
    void aKnownRuleBecomesItsSentenceAndNamesTheField() {
        ErrorWords.Words words =
                ErrorWords.of("agent rejected: new row for relation \"agent\" violates check constraint"
                        + " \"agent_sip_interface_shape\"");
        assertThat(words.message())
                .isEqualTo("The phone must be written as technology/name, for example PJSIP/1001, without spaces.");
        assertThat(words.field()).isEqualTo("sipInterface");
    }

    @Test
    void anUnknownRuleStillSaysNothingOfTheDatabase() {
        ErrorWords.Words words = ErrorWords.of("new row violates check constraint \"some_future_rule\"");
        assertThat(words.message()).isEqualTo("That value is not accepted here; please check what you typed.");
        assertThat(words.field()).isNull();
    }

    @Test
    void stateNamesBecomeThePagesWords() {
        assertThat(ErrorWords.of("interaction 7 cannot move from wrap_up to active")
                        .message())
                .isEqualTo("It is in wrap-up now, so that cannot be done; the list shows where it is.");
        assertThat(ErrorWords.of("call 7 is wrap_up; only a live call moves").message())
                .isEqualTo("call 7 is in wrap-up; only a live call moves");
        assertThat(ErrorWords.of("extension must be digits, was 10 02").message())
                .isEqualTo("extension must be digits, was 10 02");
    }
}
