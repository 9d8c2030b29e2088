package io.omniline.customers.claims;

import io.omniline.customers.resolve.ContactDetails;
import io.omniline.db.identity.Identity;
import io.omniline.db.identity.IdentityKind;
import io.omniline.db.identity.IdentityNormalizer;
import io.omniline.db.interaction.Interaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The phone and email a chat visitor typed into the pre-chat form: claims, not identities. They
 * are kept on the conversation (metadata {@code claims}, normalized), may be suggested to the
 * agent, and become identities only when a one-time code sent to them comes back. Which of them
 * were proved is kept beside them ({@code verified}).
 */
public record VisitorClaims(List<Identity> claimed, List<IdentityKind> verified) {

    static final String CLAIMS = "claims";
    static final String VERIFIED = "verified";

    public VisitorClaims {
        claimed = List.copyOf(claimed);
        verified = List.copyOf(verified);
    }

    /** @throws io.omniline.db.identity.InvalidIdentityException when the form's phone or email is not valid */
    public static VisitorClaims typed(ContactDetails details, IdentityNormalizer normalizer) {
        List<Identity> claimed = new ArrayList<>();
        if (details.phone() != null && !details.phone().isBlank()) {
            claimed.add(normalizer.phone(details.phone()));
        }
        if (details.email() != null && !details.email().isBlank()) {
            claimed.add(normalizer.email(details.email()));
        }
        return new VisitorClaims(claimed, List.of());
    }

    /** What a conversation holds; nothing for other channels, whose senders the channel vouches for. */
    public static VisitorClaims of(Interaction interaction) {
        List<Identity> claimed = new ArrayList<>();
        if (interaction.metadata().get(CLAIMS) instanceof Map<?, ?> stored) {
            stored.forEach((kind, value) ->
                    claimed.add(new Identity(IdentityKind.lookupLiteral(kind.toString()), value.toString())));
        }
        List<IdentityKind> verified = new ArrayList<>();
        if (interaction.metadata().get(VERIFIED) instanceof List<?> kinds) {
            kinds.forEach(kind -> verified.add(IdentityKind.lookupLiteral(kind.toString())));
        }
        return new VisitorClaims(claimed, verified);
    }

    public Optional<Identity> claim(IdentityKind kind) {
        return claimed.stream().filter(identity -> identity.kind() == kind).findFirst();
    }

    public boolean isVerified(IdentityKind kind) {
        return verified.contains(kind);
    }

    public boolean isEmpty() {
        return claimed.isEmpty();
    }

    /** The metadata entries that keep these claims on the conversation. */
    public Map<String, Object> metadata() {
        Map<String, Object> entries = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        claimed.forEach(identity -> values.put(identity.kind().getLiteral(), identity.value()));
        entries.put(CLAIMS, values);
        entries.put(VERIFIED, verified.stream().map(IdentityKind::getLiteral).toList());
        return entries;
    }

    public VisitorClaims withVerified(IdentityKind kind) {
        List<IdentityKind> now = new ArrayList<>(verified);
        if (!now.contains(kind)) {
            now.add(kind);
        }
        return new VisitorClaims(claimed, now);
    }
}
