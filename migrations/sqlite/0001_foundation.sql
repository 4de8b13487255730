-- Foundation: communities, organisations, people, memberships, themes, accounts, sessions.
-- Dates are ISO-8601 text (YYYY-MM-DD), instants are Unix seconds: the same on both backends.

CREATE TABLE themes (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_bm TEXT
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    acronym TEXT,
    kind TEXT NOT NULL,
    commune TEXT,
    region TEXT,
    email TEXT,
    phone TEXT,
    website TEXT,
    description TEXT,
    search_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE organisation_themes (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, theme_id)
);
CREATE INDEX organisation_themes_theme ON organisation_themes(theme_id, organisation_id);

CREATE TABLE communities (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    region TEXT NOT NULL,
    founded_on TEXT,
    project TEXT,
    description TEXT NOT NULL DEFAULT '',
    objectives TEXT NOT NULL DEFAULT '',
    ways_of_working TEXT NOT NULL DEFAULT '',
    accompanied_by_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    is_public INTEGER NOT NULL DEFAULT 1,
    directory_public INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);

CREATE TABLE community_links (
    id INTEGER PRIMARY KEY,
    community_a INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    community_b INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    description TEXT NOT NULL DEFAULT '',
    since TEXT,
    CHECK (community_a < community_b),
    UNIQUE (community_a, community_b)
);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    since TEXT,
    until TEXT,
    UNIQUE (community_id, organisation_id)
);
CREATE INDEX memberships_organisation ON memberships(organisation_id);
CREATE INDEX memberships_community_role ON memberships(community_id, role);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('F', 'M')),
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    function TEXT,
    email TEXT,
    phone TEXT,
    expertise TEXT,
    search_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX people_organisation ON people(organisation_id);

CREATE TABLE person_themes (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, theme_id)
);
CREATE INDEX person_themes_theme ON person_themes(theme_id, person_id);

CREATE TABLE person_communities (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (person_id, community_id)
);
CREATE INDEX person_communities_community ON person_communities(community_id, person_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'fr',
    is_admin INTEGER NOT NULL DEFAULT 0,
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE community_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, community_id)
);
CREATE INDEX community_roles_community ON community_roles(community_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_entity ON audit_events(entity, entity_id);
