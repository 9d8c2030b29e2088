-- Notes an agent or a supervisor writes about a customer (not about one contact, as a wrap-up's
-- notes are): shown in the customer column to whoever serves that customer next, on any channel.
-- The author is the signed-in login; the page shows the agent's display name when the login is an
-- agent's. Notes are never edited or deleted: what the next agent read stays as it was written.
CREATE TABLE customer_note (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint      NOT NULL REFERENCES customer (id),
    body        text        NOT NULL,
    author      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customer_note_body_shape CHECK (char_length(btrim(body)) BETWEEN 1 AND 1000)
);

-- The customer column reads a customer's newest notes first.
CREATE INDEX customer_note_by_customer ON customer_note (customer_id, id DESC);
