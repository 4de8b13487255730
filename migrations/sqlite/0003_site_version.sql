-- A counter bumped by every write transaction. Readers cache what they computed under a
-- version and reuse it while the version is unchanged: correct on any number of nodes, since
-- the version is read in the same snapshot as the data.
CREATE TABLE site_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
);
INSERT INTO site_version (id, n) VALUES (1, 0);
