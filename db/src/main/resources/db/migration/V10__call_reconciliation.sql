-- Outcomes the AMI side needed to be honest about how a queued call ended.
-- queue_timeout: Queue() gave up (QUEUESTATUS=TIMEOUT, the caller still on the line) and the
--   dialplan had nowhere to send the caller back to. Asterisk reports it as QueueCallerAbandon,
--   but the caller did not abandon.
-- ended_unobserved: the call is gone from Asterisk and Omniline did not see how it ended (events
--   missed while AMI was down); found by reconciling open interactions with CoreShowChannels.
ALTER TYPE interaction_outcome ADD VALUE 'queue_timeout';
ALTER TYPE interaction_outcome ADD VALUE 'ended_unobserved';

-- queued/offered -> ivr: the queue timed out and the dialplan sent the caller back into the IVR
-- at the queue node's onTimeout (extensions.conf, [omniline-queue]).
INSERT INTO interaction_transition (from_state, to_state) VALUES ('queued', 'ivr'), ('offered', 'ivr');
