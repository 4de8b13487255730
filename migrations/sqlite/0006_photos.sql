-- Photos of activities, kept in the database (every node sees them, backups hold them), in
-- two light versions made at upload; the original is not kept. A photo records whether the
-- people shown can be recognised and, if so, that their consent was noted.
CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    caption TEXT NOT NULL DEFAULT '',
    consent TEXT NOT NULL CHECK (consent IN ('no_one_recognisable', 'consent_noted')),
    thumbnail BLOB NOT NULL,
    medium BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX photos_activity ON photos(activity_id);
