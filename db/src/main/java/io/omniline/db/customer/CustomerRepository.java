package io.omniline.db.customer;

import static io.omniline.db.jooq.Tables.CUSTOMER;
import static io.omniline.db.jooq.Tables.CUSTOMER_IDENTITY;
import static io.omniline.db.jooq.Tables.CUSTOMER_NOTE;
import static io.omniline.db.jooq.Tables.INTERACTION;
import static io.omniline.db.jooq.Tables.MESSAGE;

import io.omniline.db.ConflictException;
import io.omniline.db.Json;
import io.omniline.db.NotFoundException;
import io.omniline.db.RenderedStatement;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.identity.Identity;
import io.omniline.db.interaction.InteractionState;
import io.omniline.db.jooq.tables.records.CustomerIdentityRecord;
import io.omniline.db.jooq.tables.records.CustomerRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Customers and the phone numbers and email addresses that identify them. */
public final class CustomerRepository {

    private final DSLContext dsl;

    public CustomerRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Creates a customer with its identities, all or nothing.
     *
     * @throws IdentityTakenException when one of the identities already belongs to someone
     */
    public Customer create(String displayName, Map<String, ?> attributes, Collection<Identity> identities) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            CustomerRecord row = tx.insertInto(CUSTOMER)
                    .set(CUSTOMER.DISPLAY_NAME, displayName)
                    .set(CUSTOMER.ATTRIBUTES, Json.jsonb(attributes))
                    .returning()
                    .fetchSingle();
            for (Identity identity : identities) {
                insertIdentity(tx, row.getId(), identity);
            }
            return customer(row);
        });
    }

    public Optional<Customer> findById(long id) {
        return dsl.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(id)).fetchOptional(CustomerRepository::customer);
    }

    /** The customer this identity belongs to; identities always point at a live (unmerged) customer. */
    public Optional<Customer> findByIdentity(Identity identity) {
        return dsl.select(CUSTOMER.fields())
                .from(CUSTOMER_IDENTITY)
                .join(CUSTOMER)
                .on(CUSTOMER.ID.eq(CUSTOMER_IDENTITY.CUSTOMER_ID))
                .where(CUSTOMER_IDENTITY.KIND.eq(identity.kind()).and(CUSTOMER_IDENTITY.VALUE.eq(identity.value())))
                .fetchOptional(record -> customer(record.into(CUSTOMER)));
    }

    /**
     * The customer an identity belongs to, with whether one of their {@value #RECENT} latest
     * interactions is still open: what the IVR knows of a caller, in one round trip.
     */
    public Optional<KnownCaller> findCallerByIdentity(Identity identity) {
        return CALLER_BY_IDENTITY.fetch(dsl, identity.kind(), identity.value()).stream()
                .findFirst()
                .map(record -> new KnownCaller(
                        customer(record.into(CUSTOMER)), Boolean.TRUE.equals(record.get(CALLER_HAS_OPEN))));
    }

    private static final Field<Boolean> CALLER_HAS_OPEN = callerHasOpen();

    /** Every call and message starts here: rendered once (see {@link RenderedStatement}). */
    private static final RenderedStatement CALLER_BY_IDENTITY = RenderedStatement.of(
            DSL.select(CUSTOMER.fields())
                    .select(CALLER_HAS_OPEN)
                    .from(CUSTOMER_IDENTITY)
                    .join(CUSTOMER)
                    .on(CUSTOMER.ID.eq(CUSTOMER_IDENTITY.CUSTOMER_ID))
                    .where(CUSTOMER_IDENTITY
                            .KIND
                            .eq(DSL.param(CUSTOMER_IDENTITY.KIND))
                            .and(CUSTOMER_IDENTITY.VALUE.eq(DSL.param(CUSTOMER_IDENTITY.VALUE)))),
            callerRow());

    private static Field<Boolean> callerHasOpen() {
        var recent = DSL.select(INTERACTION.STATE)
                .from(INTERACTION)
                .where(INTERACTION.CUSTOMER_ID.eq(CUSTOMER.ID))
                .orderBy(INTERACTION.STARTED_AT.desc(), INTERACTION.ID.desc())
                .limit(DSL.inline(RECENT))
                .asTable("recent");
        return DSL.field(DSL.exists(DSL.selectOne()
                        .from(recent)
                        .where(recent.field(INTERACTION.STATE)
                                .ne(DSL.inline(InteractionState.ended, INTERACTION.STATE)))))
                .as("has_open");
    }

    private static Field<?>[] callerRow() {
        List<Field<?>> row = new ArrayList<>(List.of(CUSTOMER.fields()));
        row.add(CALLER_HAS_OPEN);
        return row.toArray(Field<?>[]::new);
    }

    /** How many of a caller's latest interactions are looked at for one still open. */
    public static final int RECENT = 10;

    /** A customer found by an identity, and whether they have an interaction still open. */
    public record KnownCaller(Customer customer, boolean openInteraction) {}

    /**
     * Live customers whose name starts with {@code prefix} (any case), for an agent's search. The
     * prefix is inlined as an escaped literal, so PostgreSQL can use the name index for it.
     */
    public List<Customer> byNamePrefix(String prefix, int limit) {
        String escaped = prefix.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return dsl.selectFrom(CUSTOMER)
                .where(DSL.lower(CUSTOMER.DISPLAY_NAME)
                        .like(DSL.inline(escaped + "%"), '\\')
                        .and(CUSTOMER.MERGED_INTO.isNull()))
                .orderBy(DSL.lower(CUSTOMER.DISPLAY_NAME), CUSTOMER.ID)
                .limit(limit)
                .fetch(CustomerRepository::customer);
    }

    /** The identity was proved (a one-time code came back from it). */
    public void markVerified(Identity identity) {
        dsl.update(CUSTOMER_IDENTITY)
                .set(CUSTOMER_IDENTITY.VERIFIED, true)
                .where(CUSTOMER_IDENTITY.KIND.eq(identity.kind()).and(CUSTOMER_IDENTITY.VALUE.eq(identity.value())))
                .execute();
    }

    /** Follows merges to the record that holds a customer's history now. */
    public Customer survivorOf(long id) {
        Customer customer = findById(id).orElseThrow(() -> new NotFoundException("customer", id));
        while (customer.isMerged()) {
            long next = customer.mergedInto();
            customer = findById(next).orElseThrow(() -> new NotFoundException("customer", next));
        }
        return customer;
    }

    public List<CustomerIdentity> identities(long customerId) {
        return dsl.selectFrom(CUSTOMER_IDENTITY)
                .where(CUSTOMER_IDENTITY.CUSTOMER_ID.eq(customerId))
                .orderBy(CUSTOMER_IDENTITY.ID)
                .fetch(CustomerRepository::identity);
    }

    /**
     * Attaches an identity; attaching one the customer already has changes nothing.
     *
     * @throws IdentityTakenException when it belongs to another customer (merge them explicitly instead)
     */
    public CustomerIdentity attachIdentity(long customerId, Identity identity) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            CustomerRecord owner = lockLive(tx, customerId);
            return insertIdentity(tx, owner.getId(), identity);
        });
    }

    /**
     * Merges {@code absorbedId} into {@code survivorId}: every identity and interaction (and so
     * every message) moves to the survivor, the absorbed record stays as a pointer to it, and an
     * audit row names who merged whom and why. Both rows are locked in id order so two merges
     * touching the same customers cannot deadlock.
     */
    public MergeResult merge(long survivorId, long absorbedId, String actor, String reason) {
        if (survivorId == absorbedId) {
            throw new ConflictException("customer " + survivorId + " cannot be merged into itself");
        }
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            lockLive(tx, Math.min(survivorId, absorbedId));
            lockLive(tx, Math.max(survivorId, absorbedId));

            int messages = tx.fetchCount(
                    MESSAGE.join(INTERACTION).on(INTERACTION.ID.eq(MESSAGE.INTERACTION_ID)),
                    INTERACTION.CUSTOMER_ID.eq(absorbedId));
            int identities = tx.update(CUSTOMER_IDENTITY)
                    .set(CUSTOMER_IDENTITY.CUSTOMER_ID, survivorId)
                    .where(CUSTOMER_IDENTITY.CUSTOMER_ID.eq(absorbedId))
                    .execute();
            int interactions = tx.update(INTERACTION)
                    .set(INTERACTION.CUSTOMER_ID, survivorId)
                    .where(INTERACTION.CUSTOMER_ID.eq(absorbedId))
                    .execute();
            // Notes are about the person, so they follow them to the surviving record.
            tx.update(CUSTOMER_NOTE)
                    .set(CUSTOMER_NOTE.CUSTOMER_ID, survivorId)
                    .where(CUSTOMER_NOTE.CUSTOMER_ID.eq(absorbedId))
                    .execute();
            tx.update(CUSTOMER)
                    .set(CUSTOMER.MERGED_INTO, survivorId)
                    .set(CUSTOMER.MERGED_AT, DSL.currentOffsetDateTime())
                    .set(CUSTOMER.UPDATED_AT, DSL.currentOffsetDateTime())
                    .where(CUSTOMER.ID.eq(absorbedId))
                    .execute();
            // Earlier merges pointed at the absorbed record; point them at the survivor directly.
            tx.update(CUSTOMER)
                    .set(CUSTOMER.MERGED_INTO, survivorId)
                    .where(CUSTOMER.MERGED_INTO.eq(absorbedId))
                    .execute();

            Map<String, Object> details = new LinkedHashMap<>();
            details.put("survivor", survivorId);
            details.put("absorbed", absorbedId);
            details.put("reason", reason);
            details.put("identities", identities);
            details.put("interactions", interactions);
            details.put("messages", messages);
            AuditLog.write(tx, actor, "customer.merge", "customer", survivorId, details);
            return new MergeResult(survivorId, absorbedId, identities, interactions, messages);
        });
    }

    private static CustomerRecord lockLive(DSLContext tx, long id) {
        CustomerRecord row = tx.selectFrom(CUSTOMER)
                .where(CUSTOMER.ID.eq(id))
                .forUpdate()
                .fetchOptional()
                .orElseThrow(() -> new NotFoundException("customer", id));
        if (row.getMergedInto() != null) {
            throw new ConflictException("customer " + id + " was merged into customer " + row.getMergedInto()
                    + " and takes no changes; use customer " + row.getMergedInto());
        }
        return row;
    }

    private static CustomerIdentity insertIdentity(DSLContext tx, long customerId, Identity identity) {
        Optional<CustomerIdentityRecord> inserted = tx.insertInto(CUSTOMER_IDENTITY)
                .set(CUSTOMER_IDENTITY.CUSTOMER_ID, customerId)
                .set(CUSTOMER_IDENTITY.KIND, identity.kind())
                .set(CUSTOMER_IDENTITY.VALUE, identity.value())
                .onConflictDoNothing()
                .returning()
                .fetchOptional();
        if (inserted.isPresent()) {
            return identity(inserted.get());
        }
        CustomerIdentityRecord existing = tx.selectFrom(CUSTOMER_IDENTITY)
                .where(CUSTOMER_IDENTITY.KIND.eq(identity.kind()).and(CUSTOMER_IDENTITY.VALUE.eq(identity.value())))
                .fetchSingle();
        if (existing.getCustomerId() != customerId) {
            throw new IdentityTakenException(identity, existing.getCustomerId());
        }
        return identity(existing);
    }

    public static Customer customer(CustomerRecord row) {
        return new Customer(
                row.getId(),
                row.getDisplayName(),
                Json.map(row.getAttributes()),
                row.getCreatedAt(),
                row.getMergedInto());
    }

    public static CustomerIdentity identity(CustomerIdentityRecord row) {
        return new CustomerIdentity(
                row.getId(),
                row.getCustomerId(),
                new Identity(row.getKind(), row.getValue()),
                row.getVerified(),
                row.getCreatedAt());
    }
}
