## Reach in the calendar's lists
calendar-reached-counted = { $n ->
    [one] { $nf } person reached
   *[other] { $nf } people reached
}
calendar-reached-estimated = { $n ->
    [one] about { $nf } person reached
   *[other] about { $nf } people reached
}

## The narrative report
report-title = { $name } — results report
report-network-name = Network of communities of practice
report-period = From { $from } to { $to }
report-made = Written on { $date } by Kafo, from the records.
report-made-public = Public version written on { $date } by Kafo: only public records appear, and groups of fewer than five people are not detailed.
report-community = The community
report-leads = lead organisation: { $names }
report-accompanied = accompanied by { $name }
report-network-communities = The network's communities
report-headline = Results at a glance
report-activities = Results, activity by activity
report-no-activities = No activity held in the period.
report-more-activities = { $n ->
    [one] … and one more activity, in the calendar.
   *[other] … and { $nf } more activities, in the calendar.
}
report-participation = { $participants } participants ({ $women } women, { $men } men) from { $organisations } organisations
report-reached-counted = { $n } people reached: { $audience } (counted)
report-reached-estimated = About { $n } people reached: { $audience } (estimated)
report-organisations-sensitised = { $n } organisations sensitised
report-decision = Decision: { $text }
report-no-figures = No figures recorded.
report-plans = Plans and commitments
report-from-to = from { $from } to { $to }
report-plan-progress = { $done } of { $actions } actions done; average progress: { $progress }%.
report-col-action = Action
report-col-organisation = Organisation
report-col-due = Due
report-col-status = Status
report-col-progress = Progress
report-commitments = Commitments
report-col-commitment = Commitment
report-col-kept = Assessment
report-not-assessed = not yet assessed
report-effects = Effects
report-bad-period = The end of the period comes before its start.
report-form-title = Results report
report-form-intro = Kafo writes the period's report from the records: the community, its results activity by activity, its plans, its commitments and its indicators.
report-form-public = You will get the public version: only public records appear.
report-from = From
report-to = To
report-language = Language of the report
report-format = Format
report-format-pdf = PDF (to print or send)
report-format-docx = Word (DOCX, editable)
report-download = Download the report
report-one-click = Report since the founding (PDF)
report-other = Another period or format…
