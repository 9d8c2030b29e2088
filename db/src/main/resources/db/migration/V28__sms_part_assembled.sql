-- The parts of a concatenated SMS are kept for a while after the whole text was stored, marked
-- assembled: a part the SMSC delivers again (its response was lost, or it raced the first
-- delivery) then finds its set done and stores nothing, instead of starting a set of its own that
-- would never complete, or would complete wrongly once the sender reuses the reference.
ALTER TABLE sms_part ADD COLUMN assembled_at timestamptz;
