-- Callbacks a caller asked for in the IVR (a flow's callback node), placed by Omniline through
-- AMI Originate when an agent of the queue is free: the agent's phone first, then the customer
-- (asterisk-conf/extensions.conf [omniline-callback-out]). The row is the whole truth about a
-- callback, so a restarted node or another node carries on where the last one stopped.
--   waiting: due at next_attempt_at; calling_agent: Originate sent to agent_interface;
--   calling_customer: the agent answered, the customer's phone rings; completed: the customer
--   answered; failed: attempts used up (or the number cannot be called).
CREATE TYPE callback_state AS ENUM ('waiting', 'calling_agent', 'calling_customer', 'completed', 'failed');

CREATE TABLE callback_request (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The call in which the caller asked; its outcome moves callback_requested -> callback_completed/failed.
    interaction_id   bigint         NOT NULL UNIQUE REFERENCES interaction (id),
    customer_id      bigint REFERENCES customer (id),
    number           text           NOT NULL,
    queue_name       text           NOT NULL,
    state            callback_state NOT NULL DEFAULT 'waiting',
    requested_at     timestamptz    NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz    NOT NULL DEFAULT now(),
    -- Calls to the customer so far (an agent who did not answer costs the customer nothing).
    attempts         integer        NOT NULL DEFAULT 0,
    max_attempts     integer        NOT NULL,
    last_result      text,
    -- While a placement is under way: whose phone, Asterisk's id of the agent's channel once it
    -- answered, and until when the placement may take before it counts as lost.
    agent_interface  text,
    agent_id         bigint REFERENCES agent (id),
    channel_id       text,
    placement        integer        NOT NULL DEFAULT 0,
    placed_until     timestamptz,
    updated_at       timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT callback_number_e164 CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
    CONSTRAINT callback_attempts_in_range CHECK (attempts >= 0 AND max_attempts >= 1 AND attempts <= max_attempts),
    CONSTRAINT callback_placement_shape CHECK (
        (state IN ('calling_agent', 'calling_customer')) = (agent_interface IS NOT NULL AND placed_until IS NOT NULL))
);
-- The scheduler's read: what is due, oldest first.
CREATE INDEX callback_request_due ON callback_request (queue_name, next_attempt_at, id) WHERE state = 'waiting';
-- One placement per agent phone at a time, whichever node placed it.
CREATE UNIQUE INDEX callback_request_one_per_agent ON callback_request (agent_interface)
    WHERE state IN ('calling_agent', 'calling_customer');
CREATE INDEX callback_request_open ON callback_request (requested_at) WHERE state <> 'completed' AND state <> 'failed';

ALTER TYPE interaction_outcome ADD VALUE 'callback_completed';
ALTER TYPE interaction_outcome ADD VALUE 'callback_failed';
