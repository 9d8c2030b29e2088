-- When a chat visitor's widget was last seen connected, to any node. Each node refreshes it for the
-- sockets it holds; a chat still waiting for an agent whose visitor has been gone longer than the
-- grace period ends as abandoned instead of waiting in the queue forever. The times come from the
-- application's clock, so tests can move it.
CREATE TABLE chat_visitor (
    interaction_id bigint      PRIMARY KEY REFERENCES interaction (id),
    seen_at        timestamptz NOT NULL
);
CREATE INDEX chat_visitor_seen ON chat_visitor (seen_at);
