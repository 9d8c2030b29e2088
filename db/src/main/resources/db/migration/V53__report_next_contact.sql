-- First-contact resolution and switched channel look, for each contact of a report's period, for
-- the same customer's later contacts within reports.fcrDays (same reason, other channel, for the
-- second). With id, channel and disposition in the index those lookups are index-only scans: on a
-- period of a million contacts they no longer read a table page each (issue 18, bench reports).
CREATE INDEX interaction_customer_next ON interaction (customer_id, started_at) INCLUDE (id, channel, disposition)
    WHERE customer_id IS NOT NULL;
DROP INDEX interaction_customer_started;
