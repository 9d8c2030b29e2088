-- The flow designer replays recent real calls of a flow on its draft: a call's first step names
-- the flow it entered, so the latest calls of a flow are the newest first steps with its id.
CREATE INDEX ivr_step_flow_recent ON ivr_step (flow_id, at DESC) WHERE seq = 1;
