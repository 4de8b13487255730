-- Knowledge and exchange: the library, experience write-ups, questions and answers, theme
-- follows with digests, and one search index over everything a member may look for.

CREATE TABLE resources (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT,
    language TEXT NOT NULL CHECK (language IN ('fr', 'bm', 'en')),
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'network', 'community')),
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    file_name TEXT,
    file_kind TEXT,
    file_size INTEGER,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX resources_community ON resources(community_id, created_at);
CREATE INDEX resources_new ON resources(created_at);

-- The uploaded file apart from its description, so that lists never read it.
CREATE TABLE resource_files (
    resource_id INTEGER PRIMARY KEY REFERENCES resources(id) ON DELETE CASCADE,
    data BLOB NOT NULL,
    -- The text read out of the file for search (empty when none could be read).
    text TEXT NOT NULL DEFAULT ''
);

CREATE TABLE resource_themes (
    resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, theme_id)
);
CREATE INDEX resource_themes_theme ON resource_themes(theme_id, resource_id);

CREATE TABLE experiences (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    context TEXT NOT NULL,
    actions TEXT NOT NULL,
    results TEXT NOT NULL DEFAULT '',
    lessons TEXT NOT NULL DEFAULT '',
    contacts TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'network', 'community')),
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX experiences_community ON experiences(community_id, created_at);
CREATE INDEX experiences_organisation ON experiences(organisation_id);
CREATE INDEX experiences_activity ON experiences(activity_id);

CREATE TABLE experience_themes (
    experience_id INTEGER NOT NULL REFERENCES experiences(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (experience_id, theme_id)
);
CREATE INDEX experience_themes_theme ON experience_themes(theme_id, experience_id);

-- A question or problem put to the community. Moderation keeps its reason; a hidden question
-- is seen by coordinators only, a locked one takes no more answers.
CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('network', 'community')),
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    solution_id INTEGER,
    answer_count INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0,
    locked INTEGER NOT NULL DEFAULT 0,
    moderation_reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL
);
CREATE INDEX questions_community ON questions(community_id, last_activity_at);
CREATE INDEX questions_new ON questions(created_at);

CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    moderation_reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX answers_question ON answers(question_id, id);

CREATE TABLE question_themes (
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (question_id, theme_id)
);
CREATE INDEX question_themes_theme ON question_themes(theme_id, question_id);

-- Themes an account follows, and how often it wants the digest of what is new in them.
CREATE TABLE theme_follows (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, theme_id)
);
ALTER TABLE users ADD COLUMN digest TEXT NOT NULL DEFAULT 'none'
    CHECK (digest IN ('none', 'daily', 'weekly'));
ALTER TABLE users ADD COLUMN digest_sent_at INTEGER;

-- The search index: one row per findable record, with the text shown in results, and an FTS5
-- table holding the stemmed, accent-folded terms (made in Rust, the same on both backends)
-- and the scope tags that carry visibility, kind, community and themes.
CREATE TABLE search_docs (
    -- AUTOINCREMENT: a row id is never reused, so terms of a removed row never match another.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    ref_id INTEGER NOT NULL,
    community_id INTEGER REFERENCES communities(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE VIRTUAL TABLE search_terms USING fts5(
    title, body, tags,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 1, detail = column
);
