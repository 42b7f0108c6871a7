-- Accounts, teams and sign-in sessions (issue 14), shared by every instance on the database (a session made by one
-- instance is honoured by the others). Each record is kept whole as JSONB (checked by server/store/accounts.ts's
-- schemas before it is written); the columns are what is looked up and what must be unique.

CREATE TABLE teams (
  id     text PRIMARY KEY,
  name   text NOT NULL,
  data   jsonb NOT NULL
);
CREATE UNIQUE INDEX teams_name ON teams (lower(name));

CREATE TABLE accounts (
  id            text PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  name          text NOT NULL,
  oidc_subject  text,
  data          jsonb NOT NULL
);
CREATE UNIQUE INDEX accounts_name ON accounts (lower(name));
CREATE UNIQUE INDEX accounts_oidc_subject ON accounts (oidc_subject) WHERE oidc_subject IS NOT NULL;

-- Looked up by the SHA-256 of the cookie's token, never the token.
CREATE TABLE sessions (
  id          text PRIMARY KEY,
  user_id     text NOT NULL,
  created_at  text NOT NULL,
  last_seen   text NOT NULL,
  data        jsonb NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
