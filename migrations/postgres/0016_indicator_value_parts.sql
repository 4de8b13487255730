-- An entered value's breakdown by the disaggregations its indicator carries: for a period, one
-- row per dimension and category (sex F/M, an age band, a commune, an organisation). The parts
-- of one dimension add up to at most the period's value; they are replaced with it.
CREATE TABLE indicator_value_parts (
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    dimension TEXT NOT NULL,
    category TEXT NOT NULL,
    value BIGINT NOT NULL CHECK (value >= 0),
    PRIMARY KEY (indicator_id, period, dimension, category)
);
