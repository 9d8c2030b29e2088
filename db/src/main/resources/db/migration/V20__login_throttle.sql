-- Login throttling counted atomically: one row per (login, client address) and one per address
-- (login ''), each bumped by a single upsert before the password is checked, so parallel tries
-- cannot all read "few failures so far" and all go through. A good login takes its own try back.
-- The old table kept one row per failure and was counted, then written: check-then-act.
DROP TABLE login_failure;

CREATE TABLE login_throttle (
    login        text        NOT NULL,
    address      text        NOT NULL,
    attempts     integer     NOT NULL,
    window_start timestamptz NOT NULL,
    PRIMARY KEY (login, address),
    CONSTRAINT login_throttle_attempts_counted CHECK (attempts >= 0)
);
-- The purge drops windows that have passed.
CREATE INDEX login_throttle_window ON login_throttle (window_start);
