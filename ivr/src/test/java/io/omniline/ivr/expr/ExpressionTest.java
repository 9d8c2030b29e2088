package io.omniline.ivr.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionTest {

    private final Map<String, Object> names = new HashMap<>(
            Map.of("account", "123456", "caller.number", "+15551234567", "customer.vip", true, "tries", "2"));

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            quoteCharacter = '"',
            value = {
                "tries + 1                              ; 3",
                "'tries: ' + tries                      ; tries: 2",
                "account == 123456                      ; true",
                "tries < 10                             ; true",
                "'b' > 'a'                              ; true",
                "customer.vip && tries >= 2             ; true",
                "!customer.vip || missing == null       ; true",
                "startsWith(caller.number, '+1')        ; true",
                "len(account) == 6 && !(tries != 2)     ; true",
                "contains('abc', 'd')                   ; false",
                "endsWith(account, '56')                ; true",
                "'it''s'                                ; it's"
            })
    void evaluates(String expression, String expected) {
        assertThat(Expression.text(Expression.parse(expression).evaluate(names::get)))
                .isEqualTo(expected);
    }

    @Test
    void truthinessFollowsTheDocumentedRules() {
        assertThat(Expression.truthy(null)).isFalse();
        assertThat(Expression.truthy("")).isFalse();
        assertThat(Expression.truthy(BigDecimal.ZERO)).isFalse();
        assertThat(Expression.truthy(Boolean.FALSE)).isFalse();
        assertThat(Expression.truthy("0")).isTrue();
        assertThat(Expression.truthy(BigDecimal.ONE)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "tries +           | expression ends too soon at position 8",
                "'open             | text not closed with ' at position 6",
                "shout(account)    | unknown function",
                "len(a, b)         | len takes 1 argument, got 2",
                "a == b)           | at position 7",
                "a.                | bad name",
                "#                 | at position 1"
            })
    void badExpressionsSayWhatAndWhere(String expression, String message) {
        assertThatThrownBy(() -> Expression.parse(expression))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining(message);
    }

    @Test
    void emptyHugeAndDeepExpressionsAreRefused() {
        assertThatThrownBy(() -> Expression.parse(" ")).hasMessageContaining("empty expression");
        assertThatThrownBy(() -> Expression.parse("1+".repeat(600) + "1")).hasMessageContaining("longer than 1000");
        assertThatThrownBy(() -> Expression.parse("(".repeat(60) + "1" + ")".repeat(60)))
                .hasMessageContaining("nested deeper than 50");
    }
}
