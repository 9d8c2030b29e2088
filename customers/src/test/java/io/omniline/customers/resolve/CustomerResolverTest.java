package io.omniline.customers.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniline.db.customer.CustomerIdentity;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.customer.IdentityReviewRepository;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.identity.InvalidIdentityException;
import io.omniline.db.interaction.Channel;
import io.omniline.db.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CustomerResolverTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final CustomerRepository customers = db.repositories().customers();
    private final IdentityReviewRepository reviews = db.repositories().identityReviews();
    private final IdentityNormalizer normalizer = new IdentityNormalizer("US");
    private final CustomerResolver resolver = new CustomerResolver(customers, reviews, normalizer);

    @Test
    void aNewContactBecomesACustomerAndIsFoundAgainOnAnyChannel() {
        String phone = phone();
        String email = email();

        Resolution chat = resolver.resolve(new ContactDetails("Jo", phone, email), Channel.chat)
                .orElseThrow();
        Resolution mail = resolver.resolve(new ContactDetails(null, null, email.toUpperCase()), Channel.email)
                .orElseThrow();
        Resolution sms = resolver.resolve(new ContactDetails(null, phone.replace("+1", ""), null), Channel.sms)
                .orElseThrow();

        assertThat(chat.created()).isTrue();
        assertThat(mail.created()).isFalse();
        assertThat(mail.customer().id()).isEqualTo(chat.customer().id());
        assertThat(sms.customer().id()).isEqualTo(chat.customer().id());
        assertThat(customers.identities(chat.customer().id())).hasSize(2);
    }

    @Test
    void newDetailsAreAttachedToTheCustomerTheyCameWith() {
        String phone = phone();
        long customer = resolver.resolve(new ContactDetails("Kai", phone, null), Channel.voice)
                .orElseThrow()
                .customer()
                .id();
        String email = email();

        Resolution again = resolver.resolve(new ContactDetails("Kai", phone, email), Channel.chat)
                .orElseThrow();

        assertThat(again.customer().id()).isEqualTo(customer);
        assertThat(customers.identities(customer))
                .extracting(CustomerIdentity::identity)
                .extracting(identity -> identity.value())
                .contains(email);
    }

    @Test
    void twoCustomersInOneContactAreFlaggedNeverMerged() {
        String annasPhone = phone();
        String bensEmail = email();
        long anna = resolver.resolve(new ContactDetails("Anna", annasPhone, null), Channel.voice)
                .orElseThrow()
                .customer()
                .id();
        long ben = resolver.resolve(new ContactDetails("Ben", null, bensEmail), Channel.email)
                .orElseThrow()
                .customer()
                .id();

        Resolution mixed = resolver.resolve(new ContactDetails("?", annasPhone, bensEmail), Channel.chat)
                .orElseThrow();

        assertThat(mixed.customer().id()).as("the phone decides").isEqualTo(anna);
        assertThat(mixed.flagged()).singleElement().satisfies(review -> {
            assertThat(review.customerId()).isEqualTo(anna);
            assertThat(review.otherCustomerId()).isEqualTo(ben);
            assertThat(review.channel()).isEqualTo(Channel.chat);
        });
        assertThat(customers.findById(ben).orElseThrow().isMerged()).isFalse();
        assertThat(customers.identities(anna)).hasSize(1);
    }

    @Test
    void anonymousContactsFindNobodyAndBadDetailsAreRefused() {
        assertThat(resolver.resolve(new ContactDetails("Just a name", " ", null), Channel.chat))
                .isEmpty();
        assertThatThrownBy(() -> resolver.resolve(new ContactDetails(null, "call me maybe", null), Channel.chat))
                .isInstanceOf(InvalidIdentityException.class)
                .hasMessageContaining("\"call me maybe\"");
    }

    @Test
    void aCallerIsFoundByCallerIdOrByTheAccountNumberTheyTypeAndNeverMade() {
        String phone = phone();
        String account =
                String.valueOf(Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L) + 100_000_000L);
        long kim = customers
                .create("Kim", Map.of(), List.of(normalizer.phone(phone), normalizer.account(account)))
                .id();

        assertThat(resolver.byCallerId(phone.replace("+1", "")))
                .map(caller -> caller.customer().id())
                .contains(kim);
        assertThat(resolver.byAccount(account.substring(0, 3) + "-" + account.substring(3)))
                .map(caller -> caller.customer().id())
                .contains(kim);
        assertThat(resolver.byCallerId("anonymous"))
                .as("a withheld caller ID finds nobody")
                .isEmpty();
        assertThat(resolver.byCallerId(phone()))
                .as("an unknown number makes no customer")
                .isEmpty();
        assertThat(resolver.byAccount("12"))
                .as("too few digits for an account number")
                .isEmpty();
    }

    private static String phone() {
        return "+1415" + String.format("%07d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 10_000_000L));
    }

    private static String email() {
        return UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }
}
