-- "Due this week" and "most overdue" read from indexes for summaries made today (the usual case: stale ones are
-- remade in the background after midnight), and the stale ones are found by their day.
CREATE INDEX cases_open_due_soon ON cases (summary_for, list_due, id) WHERE NOT closed AND due_soon > 0;
CREATE INDEX cases_open_summary_for ON cases (summary_for) WHERE NOT closed;
