package io.omniline.customers.verify;

import io.omniline.customers.MaskedIdentity;
import io.omniline.customers.claims.VisitorClaims;
import io.omniline.customers.security.HmacSha256;
import io.omniline.db.NotFoundException;
import io.omniline.db.customer.CustomerLinks;
import io.omniline.db.identity.Identity;
import io.omniline.db.identity.IdentityKind;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.verification.VerificationCode;
import io.omniline.db.verification.VerificationCodeRepository;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Proves a chat visitor's claim: a six-digit code goes to the phone (by SMS) or address (by
 * email) they typed, and they type it back in the widget. Codes expire, allow a few tries, and
 * only a few go to one phone or address an hour, so the form cannot be used to flood someone or
 * to guess; only a keyed hash of each is stored. A right code joins the conversation to the
 * customer who owns that phone or address, and their history opens to the agent.
 */
public final class VisitorVerification {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LIMIT_WINDOW = Duration.ofHours(1);

    private final InteractionRepository interactions;
    private final VerificationCodeRepository codes;
    private final CustomerLinks links;
    private final Map<IdentityKind, CodeDelivery> deliveries;
    private final ConversationJoined joined;
    private final HmacSha256 hmac;
    private final Settings settings;
    private final Clock clock;

    /**
     * @param codeLifetime how long a code may be typed back
     * @param maxTries wrong or right, how many times one code may be tried
     * @param codesPerHour how many codes one phone or address gets in an hour, over all conversations
     */
    public record Settings(Duration codeLifetime, int maxTries, int codesPerHour) {}

    /** A code went out. @param to the phone or address, masked */
    public record Sent(IdentityKind kind, String to, Duration validFor) {}

    /**
     * @param deliveries how codes reach each kind of identity; a kind without one cannot be verified here
     * @param joined told of each conversation a right code joined to its customer
     * @param secret the key of the codes' hashes, shared by every node
     */
    public VisitorVerification(
            InteractionRepository interactions,
            VerificationCodeRepository codes,
            CustomerLinks links,
            Map<IdentityKind, CodeDelivery> deliveries,
            ConversationJoined joined,
            byte[] secret,
            Settings settings,
            Clock clock) {
        this.interactions = interactions;
        this.codes = codes;
        this.links = links;
        this.deliveries = Map.copyOf(deliveries);
        this.joined = joined;
        this.hmac = new HmacSha256(secret);
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether codes can reach this kind of identity from this node. */
    public boolean canSend(IdentityKind kind) {
        return deliveries.containsKey(kind);
    }

    /** @throws VerificationRefusedException when nothing was sent, saying why */
    public Sent send(long interactionId, IdentityKind kind) {
        VisitorClaims claims = VisitorClaims.of(interaction(interactionId));
        Identity to = claims.claim(kind)
                .orElseThrow(() -> new VerificationRefusedException(
                        "not_claimed", "there is no " + kind.getLiteral() + " on this chat to verify"));
        if (claims.isVerified(kind)) {
            throw new VerificationRefusedException(
                    "already_verified", "this " + kind.getLiteral() + " is verified already");
        }
        CodeDelivery delivery = deliveries.get(kind);
        if (delivery == null) {
            throw new VerificationRefusedException(
                    "cannot_send",
                    "codes cannot be sent by " + (kind == IdentityKind.phone ? "SMS" : "email")
                            + " here; an agent can check who you are instead");
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        OffsetDateTime now = now();
        VerificationCode issued = codes.issue(
                        interactionId,
                        to,
                        hash(interactionId, code),
                        now,
                        now.plus(settings.codeLifetime()),
                        now.minus(LIMIT_WINDOW),
                        settings.codesPerHour())
                .orElseThrow(() -> new VerificationRefusedException(
                        "too_many_codes",
                        "too many codes went to that " + kind.getLiteral() + " lately; try again in an hour"));
        try {
            delivery.send(to, code, settings.codeLifetime());
        } catch (CodeNotSentException e) {
            codes.withdraw(issued.id());
            throw new VerificationRefusedException(
                    "not_sent", "the code could not be sent just now; try again shortly");
        }
        return new Sent(kind, MaskedIdentity.of(to), settings.codeLifetime());
    }

    /**
     * Checks a code typed back; a right one joins the conversation to the proved phone's or
     * address's customer.
     *
     * @return the conversation as it is now
     * @throws VerificationRefusedException when the code is wrong, expired or tried too often
     */
    public Interaction check(long interactionId, String typed) {
        VerificationCode code = codes.countTry(interactionId)
                .orElseThrow(() -> new VerificationRefusedException("no_code", "ask for a code first"));
        if (!now().isBefore(code.expiresAt())) {
            throw new VerificationRefusedException("code_expired", "that code has expired; ask for a new one");
        }
        if (code.attempts() > settings.maxTries()) {
            throw new VerificationRefusedException("too_many_tries", "too many wrong codes; ask for a new one");
        }
        String digits = typed == null ? "" : typed.strip();
        if (!digits.matches("[0-9]{6}") || !HmacSha256.same(code.codeHash(), hash(interactionId, digits))) {
            int left = settings.maxTries() - code.attempts();
            throw new VerificationRefusedException(
                    "wrong_code",
                    left > 0
                            ? "that code is not right; " + left + (left == 1 ? " try" : " tries") + " left"
                            : "that code is not right; ask for a new one");
        }
        Identity proved = code.sentTo();
        Interaction conversation = links.proved(
                interactionId,
                proved,
                VisitorClaims.of(interaction(interactionId))
                        .withVerified(proved.kind())
                        .metadata());
        codes.use(code.id(), now());
        joined.joined(conversation);
        return conversation;
    }

    private Interaction interaction(long interactionId) {
        return interactions
                .findById(interactionId)
                .orElseThrow(() -> new NotFoundException("interaction", interactionId));
    }

    private byte[] hash(long interactionId, String code) {
        return hmac.sign((interactionId + ":" + code).getBytes(StandardCharsets.US_ASCII));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
