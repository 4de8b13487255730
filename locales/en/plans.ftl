# Plans and follow-up: plans, actions, progress updates, commitments, joint reviews.

plans-title = Plans
plan-new = New plan
plan-count = { $n ->
    [one] { $nf } plan
   *[other] { $nf } plans
}
plan-action-count = { $n ->
    [one] { $nf } action
   *[other] { $nf } actions
}
plan-late-count = { $n ->
    [one] { $nf } late action
   *[other] { $nf } late actions
}
plan-public = public
plan-kind = Kind of plan
plan-kind-sustainability = Sustainability plan
plan-kind-action = Action plan
plan-status-draft = Draft
plan-status-adopted = Adopted
plan-summary = Summary
plan-starts-on = Start of the period
plan-ends-on = End of the period
plan-objectives = Objectives
plan-objectives-hint = One objective per line, in order.
plan-objective = Objective
plan-objective-new = New objective
plan-objective-add = Add the objective
plan-adopted-on = Adopted on { $date }
plan-versions = Adopted versions
plan-version-adopted-on = version adopted on { $date }
plan-current = Current version
plan-late = Late
plan-partners = Partners
plan-due = Due: { $date }
plan-due-on = Due date
plan-expected = Expected result
plan-no-action = No action yet.
plan-no-objective = No objective yet.
plan-action-new = Add an action
plan-manage = Manage the plan
plan-adopt = Adopt the plan
plan-revise = Revise the plan
plan-revise-hint = The adopted version stays readable.
plan-publish = Make the plan public
plan-unpublish = Keep the plan for members
plan-owner = Owner organisation
plan-budget = Budget
plan-budget-amount = Budget (amount)
plan-budget-currency = Currency
plan-decision-date = Date of the decision
plan-decision-activity = Activity where it was decided
plan-updates = Progress
plan-update-new = New progress update
plan-no-update = No progress update yet.
plan-status = Status
plan-progress = Progress (%)
plan-note = Note
plan-evidence = Evidence
plan-evidence-link = Link to evidence
plan-evidence-file = Evidence file
plan-evidence-of = Evidence
plan-action-status-not_started = Not started
plan-action-status-on_track = On track
plan-action-status-late = Late
plan-action-status-blocked = Blocked
plan-action-status-done = Done
plan-action-status-dropped = Dropped
plan-ends-before-start = The end of the period must come after its start.
plan-objective-too-long = An objective cannot be longer than 400 characters.
plan-period-excludes-actions = Some actions of the plan fall outside this period; change their due dates first.
plan-budget-bad = Give an amount in figures, without decimals (for example 250000).
plan-action-owner-not-member = This organisation is not a member of the community.
plan-action-partner-unknown = A partner must be a member of the community or of a linked community.
plan-action-due-outside = The due date must fall within the plan's period.
plan-progress-range = Progress is a percentage between 0 and 100.
plan-reminder-subject = Late action: { $action }
plan-reminder-body = Hello,

    The action “{ $action }” of the plan “{ $plan }” was due on { $due }. It is late.

    Please say where it stands: { $link }

    This reminder is sent at most once a week.
commitments-title = Commitments
commitment-new = New commitment
commitment-by = Who commits
commitment-pledge = Commitment
commitment-measure = Measure
commitment-measure-hint = What will tell whether it was kept (for example “two awareness sessions on law 052”).
commitment-not-assessed = not assessed yet
commitment-assess = Assess the commitment
commitment-assessment = Assessment
commitment-assessed-on = Date of the assessment
commitment-kept-kept = Kept
commitment-kept-partly_kept = Partly kept
commitment-kept-not_kept = Not kept
reviews-title = Joint monitoring reviews
reviews-intro = The lead organisations of linked communities follow their adopted plans together, action by action.
review-one = Review
review-new = New joint review
review-held-on = Date of the review
review-activity = Activity (webinar, visit)
review-communities = Communities taking part
review-plans = Plans under review
review-no-plan = No adopted plan in these communities.
review-notes = Notes
review-host = Hosted by { $name }
review-leads = Lead organisations:
review-lead = { $name } ({ $community })
review-assessment = Assessment
review-comment = Comment
review-assessment-on_track = On track
review-assessment-late = Late
review-assessment-blocked = Blocked
review-assessment-done = Done
review-plan-unlinked = This plan belongs to a community that is not linked to yours: it cannot be under this review.
review-plan-not-adopted = Only adopted plans can be under review.
review-community-unlinked = This community is not linked to yours.
review-needs-plan = Choose at least one plan.
review-needs-two = A joint review brings together at least two linked communities.
review-comment-needs-assessment = A comment goes with an assessment.
review-action-not-under-review = This action belongs to no plan under this review.

# The kind of a plan in search results.
search-kind-plan = Plan
