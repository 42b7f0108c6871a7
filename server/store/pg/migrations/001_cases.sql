-- Cases, their audit trail, and the per-case summary the case list is read from.
-- A case row holds what the case file holds (facts, children, events and done marks as JSONB, as the domain has
-- them); the audit trail is its own append-only table. The summary columns are derived (server/store/summary.ts):
-- remade with every change and whenever they are stale (another day, other rules), never the source of truth.

CREATE TABLE cases (
  id             text PRIMARY KEY,
  -- Optimistic concurrency and change counting: +1 on every saved change (updates also lock the row).
  version        integer NOT NULL DEFAULT 1,
  schema_version integer NOT NULL,
  reference      text NOT NULL,
  procedures     text NOT NULL,
  versions       jsonb NOT NULL,
  -- ISO timestamps as the case record writes them (kept as text so a record reads back exactly as written).
  created_at     text NOT NULL,
  updated_at     text NOT NULL,
  closed         boolean NOT NULL DEFAULT false,
  children       jsonb NOT NULL,
  facts          jsonb NOT NULL,
  events         jsonb NOT NULL,
  done           jsonb NOT NULL,
  -- Top-level fields beyond the case record's own (only a record needing attention has any).
  extra          jsonb,
  -- Set when the record does not pass the case checks (it is shown as needing attention until corrected).
  problems       jsonb,
  -- Sequence number of the newest audit entry (entries are numbered 1, 2, … per case, oldest let go first).
  audit_seq      integer NOT NULL DEFAULT 0,
  -- The summary (derived). list_due sorts "next due": -infinity needs attention, infinity nothing dated.
  next_due       date,
  list_due       date NOT NULL DEFAULT 'infinity',
  next_action    jsonb,
  dues           date[] NOT NULL DEFAULT '{}',
  attention      jsonb,
  summary_for    date,
  summary_fp     text
);

-- The list's filters and sorts, over open cases only (closed ones are listed on their own, by last change).
CREATE INDEX cases_open_next ON cases (list_due, id) WHERE NOT closed;
CREATE INDEX cases_open_set_next ON cases (procedures, list_due, id) WHERE NOT closed;
CREATE INDEX cases_open_reference ON cases (reference, id) WHERE NOT closed;
CREATE INDEX cases_open_updated ON cases (updated_at DESC, id) WHERE NOT closed;
CREATE INDEX cases_open_dues ON cases USING gin (dues) WHERE NOT closed;
CREATE INDEX cases_closed_updated ON cases (updated_at DESC, id) WHERE closed;

CREATE TABLE case_audit (
  case_id  text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  seq      integer NOT NULL,
  -- The entry as the case record has it: { at, by, change, before?, after? }.
  entry    jsonb NOT NULL,
  at       text GENERATED ALWAYS AS (entry ->> 'at') STORED,
  by_whom  text GENERATED ALWAYS AS (entry ->> 'by') STORED,
  change   text GENERATED ALWAYS AS (entry ->> 'change') STORED,
  PRIMARY KEY (case_id, seq)
);
CREATE INDEX case_audit_by_whom ON case_audit (by_whom, at);
