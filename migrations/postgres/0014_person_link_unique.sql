-- A directory person is linked to one account at most: the rule of the admin's account page,
-- kept by the database too, so that two admins linking the same person at once cannot both
-- succeed. Also asks for a reindex: plans entered the search index with this version.
CREATE UNIQUE INDEX users_person ON users(person_id) WHERE person_id IS NOT NULL;
