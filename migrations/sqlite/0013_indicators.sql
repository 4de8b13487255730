-- Results framework: a community's indicators (output or outcome), the disaggregations each
-- carries, its baseline and targets per period, and its source: computed from the records
-- (a closed set of measures, see src/indicators/queries.rs) or entered per period with
-- evidence. Periods are 'YYYY' or 'YYYY-S1' / 'YYYY-S2'; dates are ISO text.

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    label_fr TEXT NOT NULL,
    label_en TEXT NOT NULL,
    label_bm TEXT,
    unit TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('output', 'outcome')),
    theme_id INTEGER REFERENCES themes(id) ON DELETE SET NULL,
    first_period TEXT NOT NULL,
    last_period TEXT NOT NULL,
    baseline_value INTEGER,
    baseline_on TEXT,
    source TEXT NOT NULL CHECK (source IN ('computed', 'entered')),
    -- The measure of a computed indicator, and the kind of activity it counts (NULL: every kind).
    measure TEXT,
    activity_kind TEXT,
    evidence_required BOOLEAN NOT NULL DEFAULT FALSE,
    is_public BOOLEAN NOT NULL DEFAULT FALSE,
    position INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (community_id, code),
    CHECK ((source = 'computed') = (measure IS NOT NULL))
);
CREATE INDEX indicators_community ON indicators(community_id, position);

-- The disaggregations an indicator carries: sex, age_band, commune, organisation.
CREATE TABLE indicator_disaggregations (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    PRIMARY KEY (indicator_id, dimension)
);

CREATE TABLE indicator_targets (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (indicator_id, period)
);

-- The values of entered indicators, one per period, with their evidence.
CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value >= 0),
    evidence_text TEXT,
    evidence_link TEXT,
    entered_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    entered_at INTEGER NOT NULL,
    UNIQUE (indicator_id, period)
);
