package io.omniline.db.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityNormalizerTest {

    private final IdentityNormalizer us = new IdentityNormalizer("US");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "15551234567        | +15551234567", // agi_callerid as the captured Asterisk sends it
                "(415) 555-2671     | +14155552671",
                "+44 20 7946 0958   | +442079460958",
                "011 44 20 7946 0958| +442079460958",
                "tel:+33142685300   | +33142685300"
            })
    void phoneNumbersBecomeE164(String raw, String e164) {
        assertThat(us.phone(raw)).isEqualTo(new Identity(IdentityKind.phone, e164));
    }

    @Test
    void nationalNumbersAreReadInTheDefaultRegion() {
        assertThat(new IdentityNormalizer("gb").phone("020 7946 0958").value()).isEqualTo("+442079460958");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "hello         | it is not a phone number",
                "12            | it is too short",
                "+999 12345678 | the country code is unknown",
                "+1 415 555 26719999 | it is too long",
                "'   '         | it is empty"
            })
    void invalidPhoneNumbersNameTheValueAndTheReason(String raw, String reason) {
        assertThatThrownBy(() -> us.phone(raw))
                .isInstanceOf(InvalidIdentityException.class)
                .hasMessageContaining("\"" + raw + "\"")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Alice@Example.COM    | alice@example.com",
                "'  bob@example.org ' | bob@example.org",
                "carol+vip@mail.example.co.uk | carol+vip@mail.example.co.uk",
                "dora@bücher.example  | dora@xn--bcher-kva.example"
            })
    void emailsAreCanonical(String raw, String canonical) {
        assertThat(us.email(raw)).isEqualTo(new Identity(IdentityKind.email, canonical));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "no-at-sign.example.com | one local part, an @ and a domain",
                "@example.com           | one local part, an @ and a domain",
                "alice@                 | one local part, an @ and a domain",
                "al ice@example.com     | the part before the @",
                "alice..b@example.com   | the part before the @",
                "alice@localhost        | at least two labels",
                "alice@exa_mple.com     | not a valid host name"
            })
    void invalidEmailsNameTheValueAndTheReason(String raw, String reason) {
        assertThatThrownBy(() -> us.email(raw))
                .isInstanceOf(InvalidIdentityException.class)
                .hasMessageContaining("\"" + raw + "\"")
                .hasMessageContaining(reason);
    }

    @Test
    void normalizeDispatchesOnKind() {
        assertThat(us.normalize(IdentityKind.email, "A@B.example").value()).isEqualTo("a@b.example");
        assertThat(us.normalize(IdentityKind.phone, "4155552671").value()).isEqualTo("+14155552671");
    }

    @Test
    void accountNumbersAreBareDigits() {
        assertThat(us.account(" 1234-5678 ").value()).isEqualTo("12345678");
        assertThat(us.normalize(IdentityKind.account, "0042").kind()).isEqualTo(IdentityKind.account);
        assertThatThrownBy(() -> us.account("12a4"))
                .isInstanceOf(InvalidIdentityException.class)
                .hasMessage("account number \"12a4\" is invalid: it must be 4 to 20 digits");
        assertThatThrownBy(() -> us.account("123")).hasMessageContaining("4 to 20 digits");
    }

    @Test
    void anUnknownDefaultRegionIsRefusedAtStartup() {
        assertThatThrownBy(() -> new IdentityNormalizer("XX"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"XX\"");
    }
}
