package io.omniline.db.flow;

import static io.omniline.db.jooq.Tables.IVR_FLOW;
import static io.omniline.db.jooq.Tables.IVR_FLOW_VERSION;
import static io.omniline.db.jooq.Tables.NUMBER_ROUTE;

import io.omniline.db.ConflictException;
import io.omniline.db.Json;
import io.omniline.db.NotFoundException;
import io.omniline.db.SqlStates;
import io.omniline.db.audit.AuditLog;
import io.omniline.db.jooq.tables.records.IvrFlowRecord;
import io.omniline.db.lock.AdvisoryLock;
import io.omniline.db.notify.Notifications;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * IVR flows: editable drafts, immutable numbered versions, the published pointer, and the
 * numbers routed to each flow. Every change writes an audit row in the same transaction.
 * Whether a definition is a valid flow is the ivr module's judgement, made before publishing.
 */
public final class FlowRepository {

    /**
     * The notification channel told, when the change commits, that a number or a flow name may
     * lead to another published version now (publish, rollback, route, unroute); the payload is
     * the flow's name, or the number.
     */
    public static final String CHANGES = "omniline_flows";

    private final DSLContext dsl;

    public FlowRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Runs {@code work} while no other node runs work of its own through this method: two nodes
     * starting at once on an empty database see the flows one after the other, so the examples
     * are installed once.
     */
    public void alone(Runnable work) {
        AdvisoryLock.whileHolding(dsl, "omniline.flows", work);
    }

    public FlowDraft create(String name, String description, String definition, String actor) {
        try {
            return dsl.transactionResult(config -> {
                DSLContext tx = config.dsl();
                IvrFlowRecord row = tx.insertInto(IVR_FLOW)
                        .set(IVR_FLOW.NAME, name)
                        .set(IVR_FLOW.DESCRIPTION, description == null ? "" : description)
                        .set(IVR_FLOW.DRAFT, Json.objectText(definition))
                        .set(IVR_FLOW.DRAFT_UPDATED_BY, actor)
                        .returning()
                        .fetchSingle();
                AuditLog.write(tx, actor, "flow.create", "ivr_flow", row.getId(), Map.of("name", name));
                return draft(row);
            });
        } catch (DataAccessException e) {
            if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
                throw new ConflictException("a flow named \"" + name + "\" exists already", e);
            }
            if (SqlStates.is(e, SqlStates.CHECK_VIOLATION)) {
                throw new IllegalArgumentException(
                        "flow name \"" + name
                                + "\" must be 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit",
                        e);
            }
            throw e;
        }
    }

    public FlowDraft saveDraft(long flowId, String definition, String actor) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            IvrFlowRecord row = tx.update(IVR_FLOW)
                    .set(IVR_FLOW.DRAFT, Json.objectText(definition))
                    .set(IVR_FLOW.DRAFT_UPDATED_BY, actor)
                    .set(IVR_FLOW.DRAFT_UPDATED_AT, DSL.currentOffsetDateTime())
                    .where(IVR_FLOW.ID.eq(flowId))
                    .returning()
                    .fetchOptional()
                    .orElseThrow(() -> new NotFoundException("flow", flowId));
            AuditLog.write(tx, actor, "flow.draft.save", "ivr_flow", flowId, Map.of());
            return draft(row);
        });
    }

    /**
     * Deletes a flow that was never published. Published flows stay: their versions are the
     * history of calls that ran them.
     */
    public void delete(long flowId, String actor) {
        dsl.transaction(config -> {
            DSLContext tx = config.dsl();
            IvrFlowRecord flow = lockFlow(tx, flowId);
            if (flow.getPublishedVersion() != null) {
                throw new ConflictException(
                        "flow " + flow.getName() + " has published versions and is kept for history");
            }
            if (tx.fetchExists(NUMBER_ROUTE, NUMBER_ROUTE.FLOW_ID.eq(flowId))) {
                throw new ConflictException(
                        "numbers are routed to flow " + flow.getName() + "; route them elsewhere first");
            }
            tx.deleteFrom(IVR_FLOW).where(IVR_FLOW.ID.eq(flowId)).execute();
            AuditLog.write(tx, actor, "flow.delete", "ivr_flow", flowId, Map.of("name", flow.getName()));
        });
    }

    public Optional<FlowDraft> find(long flowId) {
        return dsl.selectFrom(IVR_FLOW).where(IVR_FLOW.ID.eq(flowId)).fetchOptional(FlowRepository::draft);
    }

    public Optional<FlowDraft> findByName(String name) {
        return dsl.selectFrom(IVR_FLOW).where(IVR_FLOW.NAME.eq(name)).fetchOptional(FlowRepository::draft);
    }

    public List<FlowDraft> list() {
        return dsl.selectFrom(IVR_FLOW).orderBy(IVR_FLOW.NAME).fetch(FlowRepository::draft);
    }

    /** Snapshots the current draft as the next version and makes it the one calls get. */
    public FlowVersion publish(long flowId, String comment, String actor) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            IvrFlowRecord flow = lockFlow(tx, flowId);
            return insertVersion(tx, flow, flow.getDraft().data(), comment, actor, null);
        });
    }

    /**
     * Makes an earlier version live again as a new version (history only grows), and puts its
     * definition back in the draft so the next edit starts from what is live.
     */
    public FlowVersion rollback(long flowId, int toVersion, String comment, String actor) {
        return dsl.transactionResult(config -> {
            DSLContext tx = config.dsl();
            IvrFlowRecord flow = lockFlow(tx, flowId);
            String definition = tx.select(IVR_FLOW_VERSION.DEFINITION)
                    .from(IVR_FLOW_VERSION)
                    .where(IVR_FLOW_VERSION.FLOW_ID.eq(flowId).and(IVR_FLOW_VERSION.VERSION.eq(toVersion)))
                    .fetchOptional(row -> row.value1().data())
                    .orElseThrow(() -> new NotFoundException("version", toVersion + " of flow " + flow.getName()));
            tx.update(IVR_FLOW)
                    .set(IVR_FLOW.DRAFT, JSONB.valueOf(definition))
                    .set(IVR_FLOW.DRAFT_UPDATED_BY, actor)
                    .set(IVR_FLOW.DRAFT_UPDATED_AT, DSL.currentOffsetDateTime())
                    .where(IVR_FLOW.ID.eq(flowId))
                    .execute();
            return insertVersion(tx, flow, definition, comment, actor, toVersion);
        });
    }

    public List<FlowVersion> versions(long flowId) {
        return versionQuery(dsl)
                .where(IVR_FLOW_VERSION.FLOW_ID.eq(flowId))
                .orderBy(IVR_FLOW_VERSION.VERSION.desc())
                .fetch(FlowRepository::version);
    }

    public Optional<FlowVersion> version(long flowId, int version) {
        return versionQuery(dsl)
                .where(IVR_FLOW_VERSION.FLOW_ID.eq(flowId).and(IVR_FLOW_VERSION.VERSION.eq(version)))
                .fetchOptional(FlowRepository::version);
    }

    /** The version calls to this flow get now. */
    public Optional<FlowVersion> published(long flowId) {
        return versionQuery(dsl)
                .where(IVR_FLOW.ID.eq(flowId).and(IVR_FLOW_VERSION.VERSION.eq(IVR_FLOW.PUBLISHED_VERSION)))
                .fetchOptional(FlowRepository::version);
    }

    /** The published version that answers a dialled number: the first read of every call. */
    public Optional<FlowVersion> publishedForNumber(String number) {
        return versionQuery(dsl)
                .join(NUMBER_ROUTE)
                .on(NUMBER_ROUTE.FLOW_ID.eq(IVR_FLOW.ID))
                .where(NUMBER_ROUTE.NUMBER.eq(number).and(IVR_FLOW_VERSION.VERSION.eq(IVR_FLOW.PUBLISHED_VERSION)))
                .fetchOptional(FlowRepository::version);
    }

    /** Points a number at a flow, replacing any earlier route for it. */
    public NumberRoute route(String number, long flowId, String actor) {
        try {
            return dsl.transactionResult(config -> {
                DSLContext tx = config.dsl();
                IvrFlowRecord flow = tx.selectFrom(IVR_FLOW)
                        .where(IVR_FLOW.ID.eq(flowId))
                        .fetchOptional()
                        .orElseThrow(() -> new NotFoundException("flow", flowId));
                var row = tx.insertInto(NUMBER_ROUTE)
                        .set(NUMBER_ROUTE.NUMBER, number)
                        .set(NUMBER_ROUTE.FLOW_ID, flowId)
                        .set(NUMBER_ROUTE.UPDATED_BY, actor)
                        .onConflict(NUMBER_ROUTE.NUMBER)
                        .doUpdate()
                        .set(NUMBER_ROUTE.FLOW_ID, flowId)
                        .set(NUMBER_ROUTE.UPDATED_BY, actor)
                        .set(NUMBER_ROUTE.UPDATED_AT, DSL.currentOffsetDateTime())
                        .returning()
                        .fetchSingle();
                AuditLog.write(tx, actor, "number.route", "number_route", number, Map.of("flow", flow.getName()));
                Notifications.send(tx, CHANGES, number);
                return new NumberRoute(row.getNumber(), flowId, flow.getName(), row.getUpdatedAt(), row.getUpdatedBy());
            });
        } catch (DataAccessException e) {
            if (SqlStates.is(e, SqlStates.CHECK_VIOLATION)) {
                throw new IllegalArgumentException(
                        "\"" + number
                                + "\" is not a dialled number: use digits, * and # (a leading + for E.164), at most 32",
                        e);
            }
            throw e;
        }
    }

    public void unroute(String number, String actor) {
        dsl.transaction(config -> {
            DSLContext tx = config.dsl();
            if (tx.deleteFrom(NUMBER_ROUTE)
                            .where(NUMBER_ROUTE.NUMBER.eq(number))
                            .execute()
                    == 0) {
                throw new NotFoundException("number route", number);
            }
            AuditLog.write(tx, actor, "number.unroute", "number_route", number, Map.of());
            Notifications.send(tx, CHANGES, number);
        });
    }

    public List<NumberRoute> routes() {
        return dsl.select(
                        NUMBER_ROUTE.NUMBER,
                        NUMBER_ROUTE.FLOW_ID,
                        IVR_FLOW.NAME,
                        NUMBER_ROUTE.UPDATED_AT,
                        NUMBER_ROUTE.UPDATED_BY)
                .from(NUMBER_ROUTE)
                .join(IVR_FLOW)
                .on(IVR_FLOW.ID.eq(NUMBER_ROUTE.FLOW_ID))
                .orderBy(NUMBER_ROUTE.NUMBER)
                .fetch(row -> new NumberRoute(row.value1(), row.value2(), row.value3(), row.value4(), row.value5()));
    }

    private static IvrFlowRecord lockFlow(DSLContext tx, long flowId) {
        return tx.selectFrom(IVR_FLOW)
                .where(IVR_FLOW.ID.eq(flowId))
                .forUpdate()
                .fetchOptional()
                .orElseThrow(() -> new NotFoundException("flow", flowId));
    }

    private static FlowVersion insertVersion(
            DSLContext tx, IvrFlowRecord flow, String definition, String comment, String actor, Integer sourceVersion) {
        int next = tx.select(DSL.coalesce(DSL.max(IVR_FLOW_VERSION.VERSION), 0).plus(1))
                .from(IVR_FLOW_VERSION)
                .where(IVR_FLOW_VERSION.FLOW_ID.eq(flow.getId()))
                .fetchSingle(row -> row.value1());
        var row = tx.insertInto(IVR_FLOW_VERSION)
                .set(IVR_FLOW_VERSION.FLOW_ID, flow.getId())
                .set(IVR_FLOW_VERSION.VERSION, next)
                .set(IVR_FLOW_VERSION.DEFINITION, JSONB.valueOf(definition))
                .set(IVR_FLOW_VERSION.COMMENT, comment == null ? "" : comment)
                .set(IVR_FLOW_VERSION.PUBLISHED_BY, actor)
                .set(IVR_FLOW_VERSION.SOURCE_VERSION, sourceVersion)
                .returning()
                .fetchSingle();
        tx.update(IVR_FLOW)
                .set(IVR_FLOW.PUBLISHED_VERSION, next)
                .where(IVR_FLOW.ID.eq(flow.getId()))
                .execute();

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", next);
        details.put("comment", row.getComment());
        if (sourceVersion != null) {
            details.put("restores", sourceVersion);
        }
        AuditLog.write(
                tx, actor, sourceVersion == null ? "flow.publish" : "flow.rollback", "ivr_flow", flow.getId(), details);
        Notifications.send(tx, CHANGES, flow.getName());
        return new FlowVersion(
                flow.getId(),
                flow.getName(),
                next,
                definition,
                row.getComment(),
                actor,
                row.getPublishedAt(),
                sourceVersion);
    }

    private static SelectOnConditionStep<Record> versionQuery(DSLContext dsl) {
        return dsl.select(IVR_FLOW_VERSION.fields())
                .select(IVR_FLOW.NAME)
                .from(IVR_FLOW_VERSION)
                .join(IVR_FLOW)
                .on(IVR_FLOW.ID.eq(IVR_FLOW_VERSION.FLOW_ID));
    }

    private static FlowVersion version(Record row) {
        var v = row.into(IVR_FLOW_VERSION);
        return new FlowVersion(
                v.getFlowId(),
                row.get(IVR_FLOW.NAME),
                v.getVersion(),
                v.getDefinition().data(),
                v.getComment(),
                v.getPublishedBy(),
                v.getPublishedAt(),
                v.getSourceVersion());
    }

    private static FlowDraft draft(IvrFlowRecord row) {
        return new FlowDraft(
                row.getId(),
                row.getName(),
                row.getDescription(),
                row.getDraft().data(),
                row.getDraftUpdatedAt(),
                row.getDraftUpdatedBy(),
                row.getPublishedVersion());
    }
}
