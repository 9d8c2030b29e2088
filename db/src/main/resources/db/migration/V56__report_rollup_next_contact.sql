-- First-contact resolution and switched channel join the roll-ups. Both depend on the customer's
-- later contacts within reports.fcrDays, so the roll looks those up, and a change to a contact
-- marks dirty the slots of the same customer's contacts in the fcrDays before it: their figures
-- may have changed with it. The service-channel matrix and reports asking either figure then read
-- the roll-ups instead of looking up every contact's next contact.
ALTER TABLE report_rollup
    ADD COLUMN fcr_resolved     bigint NOT NULL DEFAULT 0,
    ADD COLUMN switched_channel bigint NOT NULL DEFAULT 0;

-- The window the slot was rolled with; NULL (every slot rolled before this) is due again.
ALTER TABLE report_rollup_slot ADD COLUMN fcr_days integer;

-- The window the triggers mark earlier contacts within: the one the last roll used. One row.
CREATE TABLE report_rollup_window (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    fcr_days integer NOT NULL CHECK (fcr_days > 0)
);
INSERT INTO report_rollup_window (fcr_days) VALUES (7);

-- Marks the slots of a customer's contacts that started within the window before an instant.
-- A plain insert, never waiting on a mark another transaction holds: a writer that waited here
-- while holding its own mark could deadlock with a roll deleting both. Duplicates are removed
-- with the rest when the slot is rolled.
CREATE FUNCTION report_rollup_mark_earlier(customer bigint, at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF customer IS NULL OR at IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO report_rollup_dirty (slot)
    SELECT DISTINCT date_bin(interval '15 minutes', i.started_at, timestamptz '2000-01-01 00:00:00+00')
    FROM interaction i, report_rollup_window w
    WHERE i.customer_id = customer AND i.started_at < at AND i.started_at >= at - w.fcr_days * interval '1 day';
END
$$;

CREATE OR REPLACE FUNCTION report_rollup_interaction_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_rollup_mark(NEW.started_at);
        PERFORM report_rollup_mark_earlier(NEW.customer_id, NEW.started_at);
        RETURN NULL;
    END IF;
    PERFORM report_rollup_mark(OLD.started_at);
    IF TG_OP = 'UPDATE' AND NEW.started_at IS DISTINCT FROM OLD.started_at THEN
        PERFORM report_rollup_mark(NEW.started_at);
    END IF;
    -- What an earlier contact's first-contact resolution and switched channel read of this one.
    IF TG_OP = 'DELETE' OR (OLD.customer_id, OLD.started_at, OLD.channel, OLD.disposition)
            IS DISTINCT FROM (NEW.customer_id, NEW.started_at, NEW.channel, NEW.disposition) THEN
        PERFORM report_rollup_mark_earlier(OLD.customer_id, OLD.started_at);
        IF TG_OP = 'UPDATE' THEN
            PERFORM report_rollup_mark_earlier(NEW.customer_id, NEW.started_at);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
