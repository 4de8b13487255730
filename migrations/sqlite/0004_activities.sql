-- Community life: activities, the communities taking part, themes, attendance, reach,
-- decisions and follow-up actions. Times are local Mali time (UTC+0) as ISO text
-- 'YYYY-MM-DDTHH:MM', which sorts as it reads.

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    place TEXT,
    online_url TEXT,
    agenda TEXT NOT NULL DEFAULT '',
    speakers TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    is_public INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0,
    search_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (ends_at >= starts_at)
);
CREATE INDEX activities_community_start ON activities(community_id, starts_at);

-- Other communities taking part (the visiting communities of an exchange visit, a webinar's
-- partners). The host is activities.community_id.
CREATE TABLE activity_guests (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, community_id)
);
CREATE INDEX activity_guests_community ON activity_guests(community_id, activity_id);

CREATE TABLE activity_themes (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, theme_id)
);
CREATE INDEX activity_themes_theme ON activity_themes(theme_id, activity_id);

-- One row per participant: a registered person, or a walk-in described on the spot.
CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('F', 'M')),
    age_band TEXT,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    organisation_name TEXT,
    commune TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (activity_id, name_key)
);
CREATE INDEX attendance_person ON attendance(person_id);

-- Audiences counted at mass events (festival-goers, pupils, organisations sensitised).
CREATE TABLE reach (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    headcount INTEGER NOT NULL CHECK (headcount >= 0),
    estimated INTEGER NOT NULL DEFAULT 0,
    UNIQUE (activity_id, audience)
);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX decisions_activity ON decisions(activity_id);

CREATE TABLE action_items (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    owner_organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    due_on TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX action_items_activity ON action_items(activity_id);
CREATE INDEX action_items_owner ON action_items(owner_organisation_id, status);
