-- The wallboard's service level reads one queue's calls of today every few seconds; without
-- this it would scan every call ever taken.
CREATE INDEX interaction_queue_day ON interaction (queue_name, queued_at)
    WHERE channel = 'voice' AND queued_at IS NOT NULL;
