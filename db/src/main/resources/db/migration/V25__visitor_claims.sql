-- What a chat visitor types into the pre-chat form is a claim: it stays on the conversation and
-- joins the visitor to a customer only once proved. A one-time code goes to the claimed phone or
-- address and is typed back in the widget; only a keyed hash of it is kept, it expires, and it
-- allows a few tries. The times come from the application's clock, so tests can move it.
CREATE TABLE verification_code (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    interaction_id bigint        NOT NULL REFERENCES interaction (id),
    kind           identity_kind NOT NULL,
    value          text          NOT NULL,
    code_hash      bytea         NOT NULL,
    created_at     timestamptz   NOT NULL,
    expires_at     timestamptz   NOT NULL,
    attempts       integer       NOT NULL DEFAULT 0,
    used_at        timestamptz,
    CONSTRAINT verification_code_sent_to_phone_or_email CHECK (kind IN ('phone', 'email')),
    CONSTRAINT verification_code_expires_after_creation CHECK (expires_at > created_at),
    CONSTRAINT verification_code_attempts_non_negative CHECK (attempts >= 0)
);
CREATE INDEX verification_code_by_interaction ON verification_code (interaction_id, created_at DESC);
-- How many codes one phone or address got lately: the limit that keeps the form from flooding someone.
CREATE INDEX verification_code_by_value ON verification_code (kind, value, created_at);

-- Agents link an unknown caller or an unverified visitor through a search; by name it is "starts with".
CREATE INDEX customer_name_prefix ON customer (lower(display_name) text_pattern_ops) WHERE merged_into IS NULL;
