-- When one contact's details point at two different customers (a shared family email, a phone
-- number passed on), nothing is merged silently: the conflict waits here for a person to decide.
CREATE TABLE identity_review (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id        bigint      NOT NULL REFERENCES customer (id),
    other_customer_id  bigint      NOT NULL REFERENCES customer (id),
    kind               identity_kind NOT NULL,
    value              text        NOT NULL,
    channel            channel     NOT NULL,
    reason             text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    resolved_at        timestamptz,
    resolved_by        text,
    CONSTRAINT identity_review_two_customers CHECK (customer_id <> other_customer_id),
    CONSTRAINT identity_review_resolution CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
);
CREATE INDEX identity_review_open ON identity_review (created_at) WHERE resolved_at IS NULL;
