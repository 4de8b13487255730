-- The people directory lists a community's people by name with filters on sex, role,
-- organisation and words. Copying those few fields beside the membership lets one index
-- answer the whole list, instead of a lookup into people for each of a community's members.
ALTER TABLE person_communities ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE person_communities ADD COLUMN sex TEXT NOT NULL DEFAULT '';
ALTER TABLE person_communities ADD COLUMN organisation_id BIGINT;
ALTER TABLE person_communities ADD COLUMN search_key TEXT NOT NULL DEFAULT '';

UPDATE person_communities
SET name = p.name, sex = p.sex, organisation_id = p.organisation_id, search_key = p.search_key
FROM people p WHERE p.id = person_communities.person_id;

DROP INDEX person_communities_community;
CREATE INDEX person_communities_listing
    ON person_communities(community_id, name, person_id, sex, role, organisation_id, search_key);
