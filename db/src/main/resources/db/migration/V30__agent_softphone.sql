-- Agents whose phone is the WebRTC softphone in the desktop page; every other agent keeps the desk
-- phone Asterisk rings at agent.sip_interface. The softphone registers as the PJSIP endpoint that
-- interface names (PJSIP/1002 registers as 1002) with the password pjsip.conf holds for it. The
-- password is kept sealed (AES-256-GCM, the agent's id bound in) under softphone.credentialKey,
-- a key that lives in the configuration and never in the database, so a copy of the database
-- alone gives nobody the agents' phones. key_id names the key that sealed a row (a hash, not the
-- key), so a changed key is reported as such instead of failing to decrypt.
CREATE TABLE agent_softphone (
    agent_id        bigint      PRIMARY KEY REFERENCES agent (id) ON DELETE CASCADE,
    sealed_password bytea       NOT NULL,
    key_id          text        NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- nonce (12) + tag (16) + at least one byte of password
    CONSTRAINT agent_softphone_sealed_shape CHECK (octet_length(sealed_password) > 28),
    CONSTRAINT agent_softphone_key_id_shape CHECK (key_id ~ '^[0-9a-f]{16}$')
);
