package io.omniline.customers.resolve;

import io.omniline.db.customer.Customer;
import io.omniline.db.customer.CustomerRepository;
import io.omniline.db.customer.CustomerRepository.KnownCaller;
import io.omniline.db.customer.IdentityReview;
import io.omniline.db.customer.IdentityReviewRepository;
import io.omniline.db.customer.IdentityTakenException;
import io.omniline.db.identity.Identity;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.identity.InvalidIdentityException;
import io.omniline.db.interaction.Channel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the one customer a caller, an email sender or an SMS sender is, by the identity their
 * channel vouches for, so every channel lands on the same record. A caller is only looked up (by
 * caller ID, or by the account number they type); a known phone or email finds its
 * customer; new details are attached to it; nobody matching makes a new customer. When the
 * details point at two different customers, they are never merged: the contact goes to the
 * customer of the stronger identity (phone before email) and the pair is flagged for a person to
 * review. What a chat visitor types is not resolved here: it is a claim ({@link VisitorClaims}).
 */
public final class CustomerResolver {

    private final CustomerRepository customers;
    private final IdentityReviewRepository reviews;
    private final IdentityNormalizer normalizer;

    public CustomerResolver(
            CustomerRepository customers, IdentityReviewRepository reviews, IdentityNormalizer normalizer) {
        this.customers = customers;
        this.reviews = reviews;
        this.normalizer = normalizer;
    }

    /** The caller the network presents; withheld, anonymous or malformed caller IDs find nobody. */
    public Optional<KnownCaller> byCallerId(String callerNumber) {
        return caller(() -> normalizer.phone(callerNumber));
    }

    /** The caller whose account number they typed; digits that are no account number find nobody. */
    public Optional<KnownCaller> byAccount(String digits) {
        return caller(() -> normalizer.account(digits));
    }

    private Optional<KnownCaller> caller(Supplier<Identity> identity) {
        Identity normalized;
        try {
            normalized = identity.get();
        } catch (InvalidIdentityException e) {
            return Optional.empty();
        }
        return customers.findCallerByIdentity(normalized);
    }

    /**
     * @return empty for an anonymous contact (no phone, no email)
     * @throws io.omniline.db.identity.InvalidIdentityException when a given phone or email is not valid
     */
    public Optional<Resolution> resolve(ContactDetails details, Channel channel) {
        List<Identity> identities = new ArrayList<>();
        if (details.phone() != null && !details.phone().isBlank()) {
            identities.add(normalizer.phone(details.phone()));
        }
        if (details.email() != null && !details.email().isBlank()) {
            identities.add(normalizer.email(details.email()));
        }
        if (identities.isEmpty()) {
            return Optional.empty();
        }
        Map<Identity, Customer> owners = new LinkedHashMap<>();
        for (Identity identity : identities) {
            customers.findByIdentity(identity).ifPresent(owner -> owners.put(identity, owner));
        }
        if (owners.isEmpty()) {
            try {
                return Optional.of(
                        new Resolution(customers.create(details.name(), Map.of(), identities), true, List.of()));
            } catch (IdentityTakenException e) {
                // Another delivery from the same new contact made the customer first: it is theirs now.
                return resolve(details, channel);
            }
        }
        Customer customer = owners.values().iterator().next();
        List<IdentityReview> flagged = new ArrayList<>();
        for (Identity identity : identities) {
            Customer owner = owners.get(identity);
            if (owner == null) {
                attach(customer, identity, channel, flagged);
            } else if (owner.id() != customer.id()) {
                flagged.add(reviews.flag(
                        customer.id(),
                        owner.id(),
                        identity,
                        channel,
                        "one " + channel.getLiteral() + " contact gave identities of two customers"));
            }
        }
        return Optional.of(new Resolution(customer, false, List.copyOf(flagged)));
    }

    /** Someone may attach the same identity at the same moment; then it is a conflict to review, not an error. */
    private void attach(Customer customer, Identity identity, Channel channel, List<IdentityReview> flagged) {
        try {
            customers.attachIdentity(customer.id(), identity);
        } catch (IdentityTakenException e) {
            flagged.add(reviews.flag(
                    customer.id(),
                    e.ownerId(),
                    identity,
                    channel,
                    "the identity was taken by another customer while this contact was resolved"));
        }
    }
}
