-- Invitations to an activity and the answers; the outbox of mail still to send.

CREATE TABLE invitations (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    response TEXT CHECK (response IN ('yes', 'no', 'maybe')),
    invited_at INTEGER NOT NULL,
    responded_at INTEGER,
    PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX invitations_user ON invitations(user_id);

-- Written in the same transaction as what it announces; a worker sends it, retrying with a
-- growing delay until the mail server takes it.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at INTEGER,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox(sent_at, next_attempt_at);
