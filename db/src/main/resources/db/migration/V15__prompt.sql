-- The prompt catalogue: every sound file a flow may name, in each language it exists in. The
-- shipped prompts are installed at start; admins upload more (converted to what Asterisk plays).
-- A flow naming a prompt that has no row here does not publish, and the audio is what
-- Omniline writes into Asterisk's sounds directory or serves to the sync script.
CREATE TYPE prompt_source AS ENUM ('shipped', 'upload');

CREATE TABLE prompt (
    -- What a flow names and Asterisk plays, without extension: omniline/welcome.
    name        text          NOT NULL,
    -- The sounds folder it lives in: en, es, pt_BR.
    language    text          NOT NULL,
    -- 8 kHz 16-bit mono PCM in a WAV file.
    audio       bytea         NOT NULL,
    sha256      text          NOT NULL,
    duration_ms integer       NOT NULL,
    -- The words, when known (shipped prompts; an upload may say them).
    words       text,
    source      prompt_source NOT NULL,
    updated_by  text          NOT NULL,
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (name, language),
    -- The name becomes a path under Asterisk's sounds directory: one optional folder, plain characters.
    CONSTRAINT prompt_name_is_a_safe_path CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}(/[a-z0-9][a-z0-9_-]{0,62})?$'),
    CONSTRAINT prompt_language_is_a_code CHECK (language ~ '^[a-z]{2}(_[A-Z]{2})?$'),
    CONSTRAINT prompt_audio_is_wav CHECK (substring(audio FROM 1 FOR 4) = 'RIFF'::bytea),
    CONSTRAINT prompt_sha256_is_hex CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT prompt_duration_positive CHECK (duration_ms > 0)
);
