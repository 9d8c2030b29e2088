-- Each channel's own id for an inbound message (an email's Message-ID, an SMS provider's or SMSC's
-- id) is claimed here first, in the transaction that stores the message. Two deliveries of one
-- message racing each other meet on this key: the second waits for the first and stores nothing.
CREATE TABLE inbound_receipt (
    channel     channel     NOT NULL,
    external_id text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, external_id)
);

INSERT INTO inbound_receipt (channel, external_id)
SELECT DISTINCT interaction.channel, message.external_id
FROM message JOIN interaction ON interaction.id = message.interaction_id
WHERE message.author_kind = 'customer' AND message.external_id IS NOT NULL
  AND interaction.channel IN ('email', 'sms')
ON CONFLICT DO NOTHING;
