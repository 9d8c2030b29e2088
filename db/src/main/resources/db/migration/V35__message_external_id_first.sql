-- findByExternalId asks for the first message (lowest id) with an external id. With the index on
-- external_id alone PostgreSQL often chose to walk the primary key in id order and filter, which
-- reads most of the table when the id is new (5 s at 1M messages, on every SMS and email taken
-- in). With id in the index the first match is the first index entry for that external id.
CREATE INDEX message_external_id_first ON message (external_id, id) WHERE external_id IS NOT NULL;
DROP INDEX message_external_id;
