-- The agent measures (occupancy, utilisation, handled per hour, digital load) over long periods
-- read the seconds each agent spent in each state per UTC quarter-hour from roll-ups instead of
-- cutting every state span of the period again. One row per quarter-hour and agent that was
-- logged in during it; logged-out time is not kept (no measure reads it). Numeric: exact sums.
CREATE TABLE report_state_rollup (
    slot      timestamptz NOT NULL,
    agent_id  bigint      NOT NULL,
    logged_in numeric     NOT NULL,
    available numeric     NOT NULL,
    ringing   numeric     NOT NULL,
    on_call   numeric     NOT NULL,
    wrap_up   numeric     NOT NULL,
    paused    numeric     NOT NULL,
    PRIMARY KEY (slot, agent_id)
);

-- Every quarter-hour before `until` is rolled, except those marked dirty since. The log is written
-- as states change, so the roll moves `until` on to the quarter-hour that has not ended yet.
CREATE TABLE report_state_rolled (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    until    timestamptz
);
INSERT INTO report_state_rolled (until) VALUES (NULL);

-- Quarter-hours whose state seconds changed after (or while) they were rolled: a state written
-- late (retried through an outage) or in the moment its quarter-hour was being rolled.
CREATE TABLE report_state_dirty (
    slot timestamptz NOT NULL
);
CREATE INDEX report_state_dirty_slot ON report_state_dirty (slot);

-- As report_rollup_mark: a mark already there is held (FOR KEY SHARE) until this transaction
-- ends, so a roll deleting it waits for this change and then sees it; a new mark survives a roll
-- that cannot see it yet.
CREATE FUNCTION report_state_mark(at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    s timestamptz := date_bin(interval '15 minutes', at, timestamptz '2000-01-01 00:00:00+00');
BEGIN
    PERFORM 1 FROM report_state_dirty WHERE slot = s LIMIT 1 FOR KEY SHARE;
    IF NOT FOUND THEN
        INSERT INTO report_state_dirty (slot) VALUES (s);
    END IF;
END
$$;

-- A row changes the spans from its instant to the agent's next row (or to now when there is
-- none): every quarter-hour of that stretch is marked. A row written as its state changes marks
-- only its own quarter-hour.
CREATE FUNCTION report_state_mark_span(who bigint, since timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    upto timestamptz := coalesce(
        (SELECT min(l.at) FROM agent_state_log l WHERE l.agent_id = who AND l.at > since),
        greatest(clock_timestamp(), since));
BEGIN
    PERFORM report_state_mark(g)
    FROM generate_series(date_bin(interval '15 minutes', since, timestamptz '2000-01-01 00:00:00+00'), upto,
                         interval '15 minutes') g;
END
$$;

CREATE FUNCTION report_state_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM report_state_mark_span(OLD.agent_id, OLD.at);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM report_state_mark_span(NEW.agent_id, NEW.at);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER agent_state_log_report_rollup AFTER INSERT OR DELETE ON agent_state_log
    FOR EACH ROW EXECUTE FUNCTION report_state_changed();
CREATE TRIGGER agent_state_log_report_rollup_update AFTER UPDATE ON agent_state_log
    FOR EACH ROW
    WHEN ((OLD.agent_id, OLD.state, OLD.at) IS DISTINCT FROM (NEW.agent_id, NEW.state, NEW.at))
    EXECUTE FUNCTION report_state_changed();
