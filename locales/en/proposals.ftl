proposals-title = Proposals
proposals-intro = Solutions and activities proposed for better sharing of experience between the communities.
proposal-new = Make a proposal
proposal-count = { $n ->
    [0] No proposal
    [one] { $nf } proposal
   *[other] { $nf } proposals
}
proposal-supports = { $n ->
    [0] no support
    [one] { $nf } supporter
   *[other] { $nf } supporters
}
proposal-kind-solution = Solution
proposal-kind-activity = Activity
proposal-state-open = Open
proposal-state-accepted = Accepted
proposal-state-declined = Declined
field-state = State
proposal-body = The proposal
proposal-body-hint = What you propose, for whom, and what it would change.
proposal-on-behalf = On behalf of
proposal-myself = Myself
proposal-targets = Also addressed to
proposal-target-not-linked = A proposal can only be addressed to communities linked to this one.
proposal-submit = Send the proposal
proposal-by = Proposed by
proposal-addressed = Addressed to
proposal-support = I support this
proposal-unsupport = Withdraw my support
proposal-decision = Core group's decision
proposal-accept = Accept and plan the activity
proposal-accept-hint = The proposal becomes a planned activity of the community, with the communities it is addressed to as guests.
proposal-decline = Decline
proposal-decline-hint = The proposer will see this reason and receive it by e-mail.
proposal-declined-reason = Reason
proposal-became = Became the activity
proposal-comments = Comments
proposal-comment = Your comment
proposal-comment-submit = Comment
proposal-declined-subject = Your proposal “{ $title }” was declined
proposal-declined-body = Hello,

    The community's core group declined your proposal “{ $title }”.

    Reason: { $reason }

    The proposal: { $url }
activity-from-proposal = From the proposal
proposal-became-action = Became the plan action
proposal-to-action = Accept as a plan action
proposal-objective = Plan objective
proposal-owner = Owner organisation
proposal-due-on = Due date
proposal-expected-result = Expected result
