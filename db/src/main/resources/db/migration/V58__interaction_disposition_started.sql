-- The contacts behind a service-channel matrix cell (a reason on a channel over a period) are read
-- by their reason in started order, not found among every contact of the period.
CREATE INDEX interaction_disposition_started ON interaction (disposition, started_at) WHERE disposition IS NOT NULL;
