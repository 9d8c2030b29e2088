-- What the digital bridge needs besides messages: which agents take chats, emails and SMS and
-- how many at once; email attachments; where each mailbox was read up to; SMS parts waiting for
-- their siblings; and the SMSC's ids of what was sent, for delivery receipts.

-- An agent signed in for digital work holds up to `capacity` conversations at once (offered or
-- active); the router never offers more. Signing out deletes the row.
CREATE TABLE agent_digital_presence (
    agent_id  bigint      PRIMARY KEY REFERENCES agent (id) ON DELETE CASCADE,
    capacity  integer     NOT NULL,
    since     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agent_digital_presence_capacity_range CHECK (capacity BETWEEN 1 AND 50)
);

-- Threading looks a Message-ID up across all email interactions; receipts look an SMSC id up.
CREATE INDEX message_external_id ON message (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX interaction_digital_queue ON interaction (queued_at, id)
    WHERE state = 'queued' AND channel <> 'voice';

-- An attachment too large to keep is still recorded, with why its content was not stored.
CREATE TABLE message_attachment (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id     bigint NOT NULL REFERENCES message (id),
    file_name      text,
    content_type   text   NOT NULL,
    size_bytes     bigint NOT NULL,
    content        bytea,
    dropped_reason text,
    CONSTRAINT message_attachment_size_non_negative CHECK (size_bytes >= 0),
    CONSTRAINT message_attachment_kept_or_explained CHECK ((content IS NULL) = (dropped_reason IS NOT NULL))
);
CREATE INDEX message_attachment_message ON message_attachment (message_id);

-- IMAP UIDs only mean something together with the folder's UIDVALIDITY; the cursor moves in the
-- same transaction as the imported mail, so a restart neither repeats nor skips one.
CREATE TABLE mailbox_cursor (
    mailbox      text   PRIMARY KEY,
    uid_validity bigint NOT NULL,
    last_uid     bigint NOT NULL,
    CONSTRAINT mailbox_cursor_uid_non_negative CHECK (last_uid >= 0)
);

-- Parts of a concatenated SMS are acknowledged to the SMSC one by one, so each is kept here until
-- the last one arrives and the whole text becomes a message.
CREATE TABLE sms_part (
    sender      text        NOT NULL,
    reference   integer     NOT NULL,
    total       integer     NOT NULL,
    seq         integer     NOT NULL,
    body        text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sender, reference, total, seq),
    CONSTRAINT sms_part_seq_range CHECK (seq BETWEEN 1 AND total AND total BETWEEN 2 AND 255)
);

-- A long SMS goes out as several submit_sm; each gets its own SMSC id and its own receipt.
CREATE TABLE sms_submission (
    smsc_message_id text   PRIMARY KEY,
    message_id      bigint NOT NULL REFERENCES message (id),
    part            integer NOT NULL,
    delivery_state  text   NOT NULL DEFAULT 'sent',
    CONSTRAINT sms_submission_state_known CHECK (delivery_state IN ('sent', 'delivered', 'failed'))
);
CREATE INDEX sms_submission_message ON sms_submission (message_id);
