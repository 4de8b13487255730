-- Committees (e.g. the media-watch committee of Ségou and Kayes) and the women candidates they
-- coach. Candidates' personal details and coaching notes are sealed (encrypted) with a key kept
-- outside the database (src/crypto.rs); only office level, stage and region stay in clear, for
-- the aggregate figures.

CREATE TABLE committees (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    mandate TEXT NOT NULL DEFAULT '',
    chair_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    -- The aggregate figures may be shown on the public page of a public community.
    figures_public INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- The communities a committee belongs to (one, or several linked ones).
CREATE TABLE committee_communities (
    committee_id INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    PRIMARY KEY (committee_id, community_id)
);
CREATE INDEX committee_communities_community ON committee_communities(community_id, committee_id);

CREATE TABLE committee_members (
    committee_id INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (committee_id, person_id)
);
CREATE INDEX committee_members_person ON committee_members(person_id);

CREATE TABLE candidates (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    -- The region: one of the committee's communities.
    community_id INTEGER NOT NULL REFERENCES communities(id),
    office TEXT NOT NULL CHECK (office IN ('communal', 'regional', 'national')),
    -- Name, locality, party, contact and notes, sealed together; NULL once anonymised.
    sealed TEXT,
    consent_on TEXT NOT NULL,
    consent_how TEXT NOT NULL CHECK (consent_how IN ('written', 'oral_witnessed', 'recorded')),
    consent_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    review_on TEXT NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('identified', 'coached', 'declared', 'elected', 'not_elected', 'withdrew')),
    -- What the candidate ever reached, for the figures (a withdrawal keeps them).
    was_coached INTEGER NOT NULL DEFAULT 0,
    was_declared INTEGER NOT NULL DEFAULT 0,
    was_elected INTEGER NOT NULL DEFAULT 0,
    anonymised_at INTEGER,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX candidates_committee ON candidates(committee_id, id);

CREATE TABLE candidate_stages (
    id INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    changed_on TEXT NOT NULL,
    changed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at INTEGER NOT NULL
);
CREATE INDEX candidate_stages_candidate ON candidate_stages(candidate_id, id);

-- What stays of an erased candidate: no person, only what the figures count.
CREATE TABLE candidate_tombstones (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id),
    office TEXT NOT NULL,
    was_coached INTEGER NOT NULL,
    was_declared INTEGER NOT NULL,
    was_elected INTEGER NOT NULL,
    erased_at INTEGER NOT NULL
);
CREATE INDEX candidate_tombstones_committee ON candidate_tombstones(committee_id);

CREATE TABLE coaching_sessions (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    topic TEXT NOT NULL,
    coach_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    -- The notes, sealed.
    notes TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX coaching_sessions_committee ON coaching_sessions(committee_id, held_on);

CREATE TABLE coaching_attendance (
    session_id INTEGER NOT NULL REFERENCES coaching_sessions(id) ON DELETE CASCADE,
    candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, candidate_id)
);
CREATE INDEX coaching_attendance_candidate ON coaching_attendance(candidate_id);

CREATE INDEX audit_events_at ON audit_events(at);
