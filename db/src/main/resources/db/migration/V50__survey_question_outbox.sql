-- The rating question after an email or SMS conversation (issue 18) is an outbox: it is queued
-- with the survey's offer when the agent closes, and sent by whichever node takes it first. The
-- row is locked for the length of the send, as report_delivery's is, so a restart or a second node
-- never sends it twice; while SMTP or the SMSC refuses it, it waits longer after each try, and it
-- is given up once too old to ask.
--   due: to be sent from question_due_at; sent: it went at question_sent_at; expired: given up,
--   never sent (no longer counted as offered).
-- Voice and chat surveys ask on the spot: their question_state stays null.
ALTER TABLE csat_survey
    ADD COLUMN question_state    text,
    ADD COLUMN question_due_at   timestamptz,
    ADD COLUMN question_attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN question_sent_at  timestamptz,
    ADD COLUMN question_error    text,
    ADD CONSTRAINT csat_survey_question_state_known CHECK (question_state IN ('due', 'sent', 'expired')),
    ADD CONSTRAINT csat_survey_question_due_shape CHECK ((question_state = 'due') = (question_due_at IS NOT NULL)),
    ADD CONSTRAINT csat_survey_question_sent_shape CHECK ((question_state = 'sent') = (question_sent_at IS NOT NULL)),
    ADD CONSTRAINT csat_survey_question_attempts_counted CHECK (question_attempts >= 0);

-- Questions asked before the outbox were tried once, when they were offered.
UPDATE csat_survey SET question_state = 'sent', question_sent_at = offered_at WHERE via IN ('email', 'sms');

-- The senders' read: what is due, oldest first.
CREATE INDEX csat_survey_question_due ON csat_survey (question_due_at) WHERE question_state = 'due';
