-- The overdue and due-this-week counts as of the day a summary was made for (summary_for), so the list's "most
-- overdue" sort and "due this week" filter read a column for every fresh summary instead of unnesting the due
-- dates of every open case. A stale summary (another day) is still counted from its due dates in the query.
ALTER TABLE cases ADD COLUMN overdue integer NOT NULL DEFAULT 0, ADD COLUMN due_soon integer NOT NULL DEFAULT 0;
UPDATE cases SET
  overdue = (SELECT count(*) FROM unnest(dues) d WHERE d < summary_for),
  due_soon = (SELECT count(*) FROM unnest(dues) d WHERE d >= summary_for AND d <= summary_for + 7)
WHERE summary_for IS NOT NULL AND attention IS NULL;
CREATE INDEX cases_open_overdue ON cases (summary_for, overdue DESC, list_due, id) WHERE NOT closed;
