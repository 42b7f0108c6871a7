-- Conversations with the assistant (they expire) and "did this answer your question?" feedback.

CREATE TABLE conversations (
  id          text PRIMARY KEY,
  updated_at  timestamptz NOT NULL,
  state       jsonb NOT NULL
);
CREATE INDEX conversations_updated ON conversations (updated_at);

CREATE TABLE feedback (
  seq   bigserial PRIMARY KEY,
  line  jsonb NOT NULL
);
