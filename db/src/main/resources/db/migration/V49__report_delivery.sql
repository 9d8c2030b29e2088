-- Reports mailed on a schedule (issue 18): the last day each was sent for, so a restart or a
-- second node never mails the same day twice and a day missed while SMTP was down is sent later.
CREATE TABLE report_delivery (
    report   text        PRIMARY KEY,
    last_day date        NOT NULL,
    sent_at  timestamptz NOT NULL
);
