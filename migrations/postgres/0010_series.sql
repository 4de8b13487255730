-- Recurring exchanges: the occurrences of a series are activities of their own, each naming
-- the first occurrence as its series.
ALTER TABLE activities ADD COLUMN series_id BIGINT REFERENCES activities(id) ON DELETE SET NULL;
CREATE INDEX activities_series ON activities(series_id, starts_at);
