-- A dashboard's variables and time range, as one JSON document kept as text so that both
-- databases store it alike: {"variables": [...], "timeRange": {...}}. NULL for a dashboard
-- without any, as every dashboard was before.
ALTER TABLE dashboard ADD COLUMN variables TEXT;
