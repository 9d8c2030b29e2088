-- Keys every node must agree on (the chat visitor-token key), made once by the first node that
-- needs one, so a restart or a second node keeps accepting the tokens visitors hold.
CREATE TABLE shared_secret (
    name       text        PRIMARY KEY,
    value      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shared_secret_long_enough CHECK (octet_length(value) >= 32)
);
