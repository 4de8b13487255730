-- An accepted proposal may become an action of a plan instead of an activity.
ALTER TABLE proposals ADD COLUMN plan_action_id BIGINT REFERENCES plan_actions(id) ON DELETE SET NULL;
CREATE INDEX proposals_plan_action ON proposals(plan_action_id);
