-- The 90th-percentile wait over days, weeks and months reads each local day's waits from its day
-- roll-up instead of every contact. Waits are whole seconds, so a day keeps each wait it saw and
-- how many contacts waited it (ascending): the percentile over many days is then exactly the one
-- counted from their contacts. NULL: no contact of the day and key waited.
ALTER TABLE report_rollup_day
    ADD COLUMN wait_values integer[],
    ADD COLUMN wait_counts bigint[];

-- Days made before this have no waits: they are made again by the next rolls.
DELETE FROM report_rollup_day;
DELETE FROM report_rollup_day_made;
