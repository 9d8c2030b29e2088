-- Quick replies (canned responses) admins write once and agents insert into a reply in one
-- click. The title is what the agent picks from; the body is text the agent may still edit.
CREATE TABLE quick_reply (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      text        NOT NULL,
    body       text        NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT quick_reply_title_shape CHECK (char_length(btrim(title)) BETWEEN 1 AND 60),
    CONSTRAINT quick_reply_body_shape CHECK (char_length(btrim(body)) BETWEEN 1 AND 2000),
    CONSTRAINT quick_reply_title_unique UNIQUE (title)
);
