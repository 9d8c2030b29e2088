-- Reports over long periods read the additive contact figures (counts and sums) from roll-ups per
-- UTC quarter-hour instead of aggregating every contact again. Every time zone offset in use is a
-- multiple of 15 minutes, so any local quarter-hour, hour, day, week or month is an exact union
-- of UTC quarter-hours. One row per slot, grouping and group key, for every grouping reports offer.
-- Counts are bigint, sums numeric (exact, so summed roll-ups equal the sum over the contacts).
CREATE TABLE report_rollup (
    grouped_by                text        NOT NULL,
    slot                      timestamptz NOT NULL,
    gkey                      text        NOT NULL,
    contacts                  bigint      NOT NULL,
    ivr_calls                 bigint      NOT NULL,
    ivr_contained             bigint      NOT NULL,
    abandoned_ivr             bigint      NOT NULL,
    offered                   bigint      NOT NULL,
    answered                  bigint      NOT NULL,
    answered_in_service_level bigint      NOT NULL,
    abandoned_queue           bigint      NOT NULL,
    short_abandoned           bigint      NOT NULL,
    waited                    bigint      NOT NULL,
    wait_seconds              numeric,
    answer_wait_seconds       numeric,
    handled                   bigint      NOT NULL,
    talk_seconds              numeric,
    after_call_work_seconds   numeric,
    transferred               bigint      NOT NULL,
    fcr_eligible              bigint      NOT NULL,
    switch_eligible           bigint      NOT NULL,
    callback_requested        bigint      NOT NULL,
    callback_completed        bigint      NOT NULL,
    csat_offered              bigint      NOT NULL,
    csat_answered             bigint      NOT NULL,
    csat_score                numeric,
    digital_handling_seconds  numeric,
    -- A report reads one grouping over a range of slots.
    PRIMARY KEY (grouped_by, slot, gkey)
);

-- The slots whose roll-up was made, with the thresholds it was made with (a report with other
-- thresholds reads the contacts). settled = false: the slot held a contact whose figures still
-- depend on the time (waiting unanswered, a conversation not wrapped up): it has no roll-up rows
-- and is read from the contacts until a change to that contact marks it dirty again.
CREATE TABLE report_rollup_slot (
    slot                  timestamptz PRIMARY KEY,
    rolled_at             timestamptz NOT NULL,
    settled               boolean     NOT NULL,
    short_abandon_seconds integer     NOT NULL,
    service_level_seconds integer     NOT NULL
);

-- Slots with a change since their roll-up (or never rolled). Not unique on purpose: a writer adds
-- its mark without ever waiting for another writer's; the roll removes every mark of a slot.
CREATE TABLE report_rollup_dirty (
    slot timestamptz NOT NULL
);
CREATE INDEX report_rollup_dirty_slot ON report_rollup_dirty (slot);

-- Marks the slot of an instant dirty. A mark already there is locked (FOR KEY SHARE) until this
-- transaction ends, so a roll that removes it waits for this change and then sees it; a new mark
-- is invisible to a roll until this transaction commits, so it survives that roll.
CREATE FUNCTION report_rollup_mark(at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    s timestamptz := date_bin(interval '15 minutes', at, timestamptz '2000-01-01 00:00:00+00');
BEGIN
    PERFORM 1 FROM report_rollup_dirty WHERE slot = s LIMIT 1 FOR KEY SHARE;
    IF NOT FOUND THEN
        INSERT INTO report_rollup_dirty (slot) VALUES (s);
    END IF;
END
$$;

CREATE FUNCTION report_rollup_interaction_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_rollup_mark(NEW.started_at);
        RETURN NULL;
    END IF;
    PERFORM report_rollup_mark(OLD.started_at);
    IF TG_OP = 'UPDATE' AND NEW.started_at IS DISTINCT FROM OLD.started_at THEN
        PERFORM report_rollup_mark(NEW.started_at);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER interaction_report_rollup_insert AFTER INSERT OR DELETE ON interaction
    FOR EACH ROW EXECUTE FUNCTION report_rollup_interaction_changed();
-- Only the columns the figures and the groupings read: the call tracker's other updates cost nothing.
CREATE TRIGGER interaction_report_rollup_update AFTER UPDATE ON interaction
    FOR EACH ROW
    WHEN ((OLD.started_at, OLD.channel, OLD.direction, OLD.state, OLD.outcome, OLD.queue_name, OLD.agent_id,
           OLD.customer_id, OLD.queued_at, OLD.answered_at, OLD.ended_at, OLD.wrap_up_at, OLD.hold_seconds,
           OLD.talk_seconds, OLD.disposition)
          IS DISTINCT FROM
          (NEW.started_at, NEW.channel, NEW.direction, NEW.state, NEW.outcome, NEW.queue_name, NEW.agent_id,
           NEW.customer_id, NEW.queued_at, NEW.answered_at, NEW.ended_at, NEW.wrap_up_at, NEW.hold_seconds,
           NEW.talk_seconds, NEW.disposition))
    EXECUTE FUNCTION report_rollup_interaction_changed();

CREATE FUNCTION report_rollup_survey_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM report_rollup_mark(i.started_at) FROM interaction i WHERE i.id = OLD.interaction_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM report_rollup_mark(i.started_at) FROM interaction i WHERE i.id = NEW.interaction_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER csat_survey_report_rollup_insert AFTER INSERT OR DELETE ON csat_survey
    FOR EACH ROW EXECUTE FUNCTION report_rollup_survey_changed();
CREATE TRIGGER csat_survey_report_rollup_update AFTER UPDATE ON csat_survey
    FOR EACH ROW
    WHEN ((OLD.interaction_id, OLD.score, OLD.question_state) IS DISTINCT FROM
          (NEW.interaction_id, NEW.score, NEW.question_state))
    EXECUTE FUNCTION report_rollup_survey_changed();

-- The history already there is rolled by the schedule, a batch of slots at a time.
INSERT INTO report_rollup_dirty (slot)
SELECT DISTINCT date_bin(interval '15 minutes', started_at, timestamptz '2000-01-01 00:00:00+00') FROM interaction;
