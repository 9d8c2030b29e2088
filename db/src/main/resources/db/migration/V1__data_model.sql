-- Omniline's data model. PostgreSQL is the source of truth; every rule that can live in
-- the schema lives here, so no code path (or hand-written SQL) can store a bad state.

CREATE TYPE channel AS ENUM ('voice', 'chat', 'email', 'sms');
CREATE TYPE direction AS ENUM ('inbound', 'outbound');
CREATE TYPE identity_kind AS ENUM ('phone', 'email');
CREATE TYPE author_kind AS ENUM ('customer', 'agent', 'system', 'bot');

-- ivr: in the IVR flow; queued: waiting for an agent; offered: ringing an agent (or a chat
-- offered to one); active: an agent is handling it; wrap_up: agent finished talking, writing
-- notes; ended: final.
CREATE TYPE interaction_state AS ENUM ('ivr', 'queued', 'offered', 'active', 'wrap_up', 'ended');
CREATE TYPE interaction_outcome AS ENUM (
    'completed', 'abandoned_in_ivr', 'abandoned_in_queue', 'transferred', 'voicemail',
    'callback_requested', 'hung_up_by_ivr', 'failed');

CREATE TABLE customer (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    display_name text,
    attributes   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    -- A merged customer stays as a tombstone pointing at the survivor, so old references resolve.
    merged_into  bigint REFERENCES customer (id),
    merged_at    timestamptz,
    CONSTRAINT customer_attributes_is_object CHECK (jsonb_typeof(attributes) = 'object'),
    CONSTRAINT customer_not_merged_into_itself CHECK (merged_into <> id),
    CONSTRAINT customer_merge_complete CHECK ((merged_into IS NULL) = (merged_at IS NULL))
);

-- Values are stored normalized (E.164 phone, lowercased email); one value belongs to one customer.
CREATE TABLE customer_identity (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint        NOT NULL REFERENCES customer (id),
    kind        identity_kind NOT NULL,
    value       text          NOT NULL,
    verified    boolean       NOT NULL DEFAULT false,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT customer_identity_value_unique UNIQUE (kind, value),
    CONSTRAINT customer_identity_phone_is_e164 CHECK (kind <> 'phone' OR value ~ '^\+[1-9][0-9]{6,14}$'),
    CONSTRAINT customer_identity_email_is_canonical CHECK (kind <> 'email' OR (value = lower(value) AND value LIKE '_%@_%'))
);
CREATE INDEX customer_identity_customer ON customer_identity (customer_id);

CREATE TABLE agent (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login         text        NOT NULL,
    display_name  text        NOT NULL,
    -- The Asterisk interface that rings this agent, e.g. PJSIP/1001.
    sip_interface text,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agent_login_unique UNIQUE (login),
    CONSTRAINT agent_login_not_blank CHECK (btrim(login) <> ''),
    CONSTRAINT agent_sip_interface_unique UNIQUE (sip_interface),
    CONSTRAINT agent_sip_interface_shape CHECK (sip_interface ~ '^[A-Za-z0-9_]+/[^\s]+$')
);

CREATE TABLE agent_skill (
    agent_id bigint  NOT NULL REFERENCES agent (id) ON DELETE CASCADE,
    skill    text    NOT NULL,
    level    integer NOT NULL DEFAULT 1,
    PRIMARY KEY (agent_id, skill),
    CONSTRAINT agent_skill_level_range CHECK (level BETWEEN 1 AND 10)
);

CREATE TABLE agent_queue (
    agent_id   bigint  NOT NULL REFERENCES agent (id) ON DELETE CASCADE,
    queue_name text    NOT NULL,
    penalty    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, queue_name),
    CONSTRAINT agent_queue_penalty_non_negative CHECK (penalty >= 0)
);

CREATE TABLE interaction (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Null while the party is unknown (an unrecognised caller); the desktop links it later.
    customer_id   bigint REFERENCES customer (id),
    channel       channel             NOT NULL,
    direction     direction           NOT NULL,
    state         interaction_state   NOT NULL,
    outcome       interaction_outcome,
    queue_name    text,
    priority      integer             NOT NULL DEFAULT 0,
    agent_id      bigint REFERENCES agent (id),
    -- Asterisk uniqueid, chat session id, email thread root Message-ID, SMS session key.
    external_id   text,
    -- Asterisk linkedid: ties every leg of one call (transfers, callbacks) together.
    linked_id     text,
    subject       text,
    started_at    timestamptz         NOT NULL DEFAULT now(),
    queued_at     timestamptz,
    offered_at    timestamptz,
    answered_at   timestamptz,
    ended_at      timestamptz,
    hold_seconds  integer,
    talk_seconds  integer,
    disposition   text,
    notes         text,
    metadata      jsonb               NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT interaction_external_id_unique UNIQUE (channel, external_id),
    CONSTRAINT interaction_ended_has_time_and_outcome
        CHECK ((state = 'ended') = (ended_at IS NOT NULL) AND (state = 'ended') = (outcome IS NOT NULL)),
    CONSTRAINT interaction_ivr_is_voice CHECK (state <> 'ivr' OR channel = 'voice'),
    CONSTRAINT interaction_durations_non_negative CHECK (hold_seconds >= 0 AND talk_seconds >= 0),
    CONSTRAINT interaction_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);
-- The pop's hot read: a customer's most recent interactions, and the last one on a channel.
CREATE INDEX interaction_customer_recent ON interaction (customer_id, started_at DESC, id DESC);
CREATE INDEX interaction_customer_channel_recent ON interaction (customer_id, channel, started_at DESC, id DESC);
CREATE INDEX interaction_linked ON interaction (linked_id) WHERE linked_id IS NOT NULL;
CREATE INDEX interaction_live ON interaction (state) WHERE state <> 'ended';

-- Allowed moves of interaction.state. A trigger enforces them, so the rule holds for every writer.
-- A bulk import of history (the seed command, a migration from another system) writes finished
-- interactions as they were; it says so with SET omniline.import = 'on' in its own session.
CREATE TABLE interaction_transition (
    from_state interaction_state NOT NULL,
    to_state   interaction_state NOT NULL,
    PRIMARY KEY (from_state, to_state)
);
INSERT INTO interaction_transition (from_state, to_state) VALUES
    ('ivr', 'queued'), ('ivr', 'active'), ('ivr', 'ended'),
    ('queued', 'offered'), ('queued', 'active'), ('queued', 'ended'),
    -- offered -> queued: the agent did not answer (RingNoAnswer) and the caller waits again.
    ('offered', 'active'), ('offered', 'queued'), ('offered', 'ended'),
    -- active -> queued: transferred back into a queue.
    ('active', 'wrap_up'), ('active', 'queued'), ('active', 'ended'),
    ('wrap_up', 'ended');

CREATE FUNCTION interaction_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('omniline.import', true) = 'on' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.state NOT IN ('ivr', 'queued', 'active') THEN
            RAISE EXCEPTION 'an interaction cannot start in state %', NEW.state
                USING ERRCODE = 'OL001', TABLE = 'interaction';
        END IF;
    ELSIF NEW.state IS DISTINCT FROM OLD.state
        AND NOT EXISTS (SELECT 1 FROM interaction_transition WHERE from_state = OLD.state AND to_state = NEW.state) THEN
        RAISE EXCEPTION 'interaction % cannot move from % to %', OLD.id, OLD.state, NEW.state
            USING ERRCODE = 'OL001', TABLE = 'interaction';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER interaction_transition_guard BEFORE INSERT OR UPDATE OF state ON interaction
    FOR EACH ROW EXECUTE FUNCTION interaction_check_transition();

CREATE TABLE message (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interaction_id bigint      NOT NULL REFERENCES interaction (id),
    author_kind    author_kind NOT NULL,
    agent_id       bigint REFERENCES agent (id),
    body           text        NOT NULL,
    content_type   text        NOT NULL DEFAULT 'text/plain',
    -- Email Message-ID, SMSC message id, chat client message id: makes redelivery idempotent.
    external_id    text,
    -- Delivery state of an outgoing message (queued, sent, delivered, failed); null for inbound.
    delivery_state text,
    sent_at        timestamptz NOT NULL DEFAULT now(),
    metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT message_external_id_unique UNIQUE (interaction_id, external_id),
    CONSTRAINT message_agent_author CHECK ((author_kind = 'agent') = (agent_id IS NOT NULL)),
    CONSTRAINT message_delivery_state_known CHECK (delivery_state IN ('queued', 'sent', 'delivered', 'failed')),
    CONSTRAINT message_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);
CREATE INDEX message_transcript ON message (interaction_id, sent_at, id);

-- Every node an IVR call visited, in order, with the input that moved it on.
CREATE TABLE ivr_step (
    interaction_id bigint      NOT NULL REFERENCES interaction (id),
    seq            integer     NOT NULL,
    flow_id        bigint,
    flow_version   integer,
    node_id        text        NOT NULL,
    node_type      text        NOT NULL,
    input          text,
    outcome        text,
    at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (interaction_id, seq),
    CONSTRAINT ivr_step_seq_positive CHECK (seq > 0)
);

CREATE TABLE ivr_flow (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name              text        NOT NULL,
    description       text        NOT NULL DEFAULT '',
    draft             jsonb       NOT NULL,
    draft_updated_at  timestamptz NOT NULL DEFAULT now(),
    draft_updated_by  text        NOT NULL,
    published_version integer,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ivr_flow_name_unique UNIQUE (name),
    CONSTRAINT ivr_flow_name_shape CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$')
);

CREATE TABLE ivr_flow_version (
    flow_id        bigint      NOT NULL REFERENCES ivr_flow (id),
    version        integer     NOT NULL,
    definition     jsonb       NOT NULL,
    comment        text        NOT NULL DEFAULT '',
    published_by   text        NOT NULL,
    published_at   timestamptz NOT NULL DEFAULT now(),
    -- Set when this version was made by rolling back to an earlier one.
    source_version integer,
    PRIMARY KEY (flow_id, version),
    CONSTRAINT ivr_flow_version_positive CHECK (version > 0),
    CONSTRAINT ivr_flow_version_source_earlier CHECK (source_version < version),
    CONSTRAINT ivr_flow_version_source FOREIGN KEY (flow_id, source_version) REFERENCES ivr_flow_version (flow_id, version)
);

ALTER TABLE ivr_flow ADD CONSTRAINT ivr_flow_published_version
    FOREIGN KEY (id, published_version) REFERENCES ivr_flow_version (flow_id, version);

ALTER TABLE ivr_step ADD CONSTRAINT ivr_step_flow_version
    FOREIGN KEY (flow_id, flow_version) REFERENCES ivr_flow_version (flow_id, version);

-- Published versions are history: calls in progress and audits rely on them never changing.
CREATE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME USING ERRCODE = 'OL002', TABLE = TG_TABLE_NAME;
END
$$;
CREATE TRIGGER ivr_flow_version_immutable BEFORE UPDATE OR DELETE ON ivr_flow_version
    FOR EACH ROW EXECUTE FUNCTION reject_change();

-- Which flow answers a dialled number (DID or extension).
CREATE TABLE number_route (
    number     text        PRIMARY KEY,
    flow_id    bigint      NOT NULL REFERENCES ivr_flow (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text        NOT NULL,
    CONSTRAINT number_route_number_shape CHECK (number ~ '^\+?[0-9*#]{1,32}$')
);
CREATE INDEX number_route_flow ON number_route (flow_id);

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    action      text        NOT NULL,
    entity_kind text        NOT NULL,
    entity_id   text        NOT NULL,
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT audit_log_details_is_object CHECK (jsonb_typeof(details) = 'object')
);
CREATE INDEX audit_log_entity ON audit_log (entity_kind, entity_id, at DESC);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION reject_change();
