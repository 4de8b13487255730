-- Plans and follow-up: sustainability and action plans with objectives and actions, their
-- adopted versions, progress updates, commitments, and joint monitoring reviews between
-- linked communities. Dates are ISO text (YYYY-MM-DD), instants are Unix seconds.

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('sustainability', 'action')),
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'adopted')),
    -- The number the next adoption gets (1 until the first adoption).
    version INTEGER NOT NULL DEFAULT 1,
    adopted_on TEXT,
    adopted_activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
    is_public INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX plans_community ON plans(community_id, starts_on);

CREATE TABLE plan_objectives (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX plan_objectives_plan ON plan_objectives(plan_id, position);

CREATE TABLE plan_actions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    objective_id INTEGER NOT NULL REFERENCES plan_objectives(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    owner_organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    due_on TEXT NOT NULL,
    expected_result TEXT NOT NULL DEFAULT '',
    budget_amount INTEGER,
    budget_currency TEXT,
    -- The status and percentage of the latest progress update.
    status TEXT NOT NULL DEFAULT 'not_started'
        CHECK (status IN ('not_started', 'on_track', 'late', 'blocked', 'done', 'dropped')),
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    last_reminded_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX plan_actions_plan ON plan_actions(plan_id, objective_id);
CREATE INDEX plan_actions_due ON plan_actions(due_on, status);
CREATE INDEX plan_actions_owner ON plan_actions(owner_organisation_id);

CREATE TABLE plan_action_partners (
    action_id INTEGER NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, organisation_id)
);

CREATE TABLE plan_updates (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
    status TEXT NOT NULL
        CHECK (status IN ('not_started', 'on_track', 'late', 'blocked', 'done', 'dropped')),
    progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    note TEXT NOT NULL DEFAULT '',
    evidence_text TEXT,
    evidence_link TEXT,
    evidence_resource_id INTEGER REFERENCES resources(id) ON DELETE SET NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX plan_updates_action ON plan_updates(action_id, created_at);

-- Each adoption keeps a copy of the plan as adopted (JSON), readable after a revision.
CREATE TABLE plan_versions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    adopted_on TEXT NOT NULL,
    activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
    snapshot TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (plan_id, version)
);

CREATE TABLE commitments (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    -- NULL: the community itself pledges.
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    pledge TEXT NOT NULL,
    measure TEXT NOT NULL DEFAULT '',
    due_on TEXT NOT NULL,
    assessment TEXT CHECK (assessment IN ('kept', 'partly_kept', 'not_kept')),
    assessed_on TEXT,
    evidence_text TEXT,
    evidence_link TEXT,
    assessed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX commitments_community ON commitments(community_id, due_on);

CREATE TABLE plan_reviews (
    id INTEGER PRIMARY KEY,
    host_community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE plan_review_communities (
    review_id INTEGER NOT NULL REFERENCES plan_reviews(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    PRIMARY KEY (review_id, community_id)
);
CREATE INDEX plan_review_communities_community ON plan_review_communities(community_id);

CREATE TABLE plan_review_plans (
    review_id INTEGER NOT NULL REFERENCES plan_reviews(id) ON DELETE CASCADE,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    PRIMARY KEY (review_id, plan_id)
);
CREATE INDEX plan_review_plans_plan ON plan_review_plans(plan_id);

CREATE TABLE plan_review_assessments (
    review_id INTEGER NOT NULL REFERENCES plan_reviews(id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
    assessment TEXT NOT NULL CHECK (assessment IN ('on_track', 'late', 'blocked', 'done')),
    comment TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (review_id, action_id)
);
CREATE INDEX plan_review_assessments_action ON plan_review_assessments(action_id);
