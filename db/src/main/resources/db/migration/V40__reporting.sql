-- Reporting (issue 18): what the measures need that the interactions alone do not say.

-- Every change of an agent's state, as AMI (queue membership, pause, ring, connect, complete) and
-- the desktop (wrap-up saved) see it. A row's state lasts until the agent's next row; occupancy
-- and utilisation are sums of those spans. `at` is when Omniline saw the change, not when the row
-- reached the database (the write may be retried through an outage).
CREATE TABLE agent_state_log (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_id bigint      NOT NULL REFERENCES agent (id) ON DELETE CASCADE,
    state    text        NOT NULL,
    reason   text,
    at       timestamptz NOT NULL,
    source   text        NOT NULL,
    CONSTRAINT agent_state_log_state_known CHECK (state IN
        ('logged_in', 'available', 'ringing', 'on_call', 'wrap_up', 'paused', 'logged_out')),
    CONSTRAINT agent_state_log_reason_when_paused CHECK (reason IS NULL OR state = 'paused'),
    CONSTRAINT agent_state_log_source_known CHECK (source IN ('ami', 'desktop'))
);
CREATE INDEX agent_state_log_agent_at ON agent_state_log (agent_id, at, id);
CREATE INDEX agent_state_log_at ON agent_state_log (at);

-- When the conversation ended and after-call work began: ACW = ended_at - wrap_up_at.
ALTER TABLE interaction ADD COLUMN wrap_up_at timestamptz;

-- Reports pick contacts by when they started; without this every report scans every contact.
CREATE INDEX interaction_started ON interaction (started_at);
-- First-contact resolution looks for the same customer's next contact.
CREATE INDEX interaction_customer_started ON interaction (customer_id, started_at) WHERE customer_id IS NOT NULL;

-- A satisfaction survey offered after a contact, and its answer (1-5). One per interaction; the
-- channel it was answered on may differ from the contact's (an SMS reply to a call's survey).
CREATE TABLE csat_survey (
    interaction_id bigint      PRIMARY KEY REFERENCES interaction (id),
    via            text        NOT NULL,
    offered_at     timestamptz NOT NULL,
    score          smallint,
    comment        text,
    answered_at    timestamptz,
    CONSTRAINT csat_survey_via_known CHECK (via IN ('voice', 'chat', 'email', 'sms')),
    CONSTRAINT csat_survey_score_range CHECK (score BETWEEN 1 AND 5),
    CONSTRAINT csat_survey_answer_complete CHECK ((score IS NULL) = (answered_at IS NULL))
);
CREATE INDEX csat_survey_offered ON csat_survey (offered_at);
