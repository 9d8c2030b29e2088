-- The recorded comment a caller may leave after a call's survey rating. The file lives in the
-- directory Asterisk records into; this is its name there, made by Omniline (never from caller
-- input), so the check keeps anything that could leave that directory out of the table.
ALTER TABLE csat_survey
    ADD COLUMN comment_recording text
        CONSTRAINT csat_survey_comment_recording_name
            CHECK (comment_recording ~ '^survey-comment-[0-9]{1,19}-[0-9a-f]{32}$');
