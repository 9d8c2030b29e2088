-- Who may use the web app and as what. An agent's account is tied to their agent row, so what an
-- agent may see (their own pops and conversations) follows from the session, not from a request.
CREATE TYPE account_role AS ENUM ('agent', 'supervisor', 'admin');

CREATE TABLE account (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login               text         NOT NULL,
    password_hash       text         NOT NULL,
    role                account_role NOT NULL,
    agent_id            bigint REFERENCES agent (id),
    disabled            boolean      NOT NULL DEFAULT false,
    created_at          timestamptz  NOT NULL DEFAULT now(),
    password_changed_at timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT account_login_unique UNIQUE (login),
    CONSTRAINT account_login_canonical CHECK (login = lower(btrim(login)) AND login <> ''),
    CONSTRAINT account_agent_unique UNIQUE (agent_id),
    CONSTRAINT account_agent_has_agent CHECK (role <> 'agent' OR agent_id IS NOT NULL)
);

-- Sessions live in the database so any node accepts them; only a hash of the cookie is kept,
-- so a leaked table cannot be replayed as cookies.
CREATE TABLE web_session (
    token_hash   bytea       PRIMARY KEY,
    account_id   bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    CONSTRAINT web_session_expires_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX web_session_account ON web_session (account_id);

-- Failed logins, by login and by address, for throttling across nodes.
CREATE TABLE login_failure (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login   text        NOT NULL,
    address text        NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_by_login ON login_failure (login, at);
CREATE INDEX login_failure_by_address ON login_failure (address, at);
