-- Accounts and teams (issue 14): the team a case belongs to and the account that owns it, as columns so the list
-- can be filtered by team with an index. The record keeps them too (in `extra`), as the case file does.
ALTER TABLE cases ADD COLUMN team text, ADD COLUMN owner text;
UPDATE cases SET team = extra ->> 'team', owner = extra ->> 'owner' WHERE extra IS NOT NULL;
CREATE INDEX cases_open_team_next ON cases (team, list_due, id) WHERE NOT closed;
CREATE INDEX cases_closed_team ON cases (team) WHERE closed;
