-- What admins decide per queue beyond Asterisk's queues.conf. A queue with no row has every
-- setting at its default: surveys off, so no caller hears a survey nobody asked for.
CREATE TABLE queue_setting (
    queue_name      text        PRIMARY KEY,
    surveys_enabled boolean     NOT NULL DEFAULT false,
    updated_by      text        NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT queue_setting_name_shape CHECK (queue_name ~ '^[A-Za-z0-9_.-]{1,80}$')
);
