-- Proposals of solutions and activities for better sharing between communities: made in one
-- community (its home), addressed also to linked ones, supported and discussed by members,
-- accepted by the home's core group (becoming a planned activity) or declined with a reason.
CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    proposer_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    on_behalf_of_community BOOLEAN NOT NULL DEFAULT FALSE,
    state TEXT NOT NULL DEFAULT 'open',
    decision_note TEXT,
    decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    decided_at INTEGER,
    activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
    support_count INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX proposals_community ON proposals(community_id, created_at);
CREATE INDEX proposals_activity ON proposals(activity_id);

CREATE TABLE proposal_targets (
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    PRIMARY KEY (proposal_id, community_id)
);
CREATE INDEX proposal_targets_community ON proposal_targets(community_id, proposal_id);

CREATE TABLE proposal_supports (
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, user_id)
);

CREATE TABLE proposal_comments (
    id INTEGER PRIMARY KEY,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX proposal_comments_proposal ON proposal_comments(proposal_id, id);
