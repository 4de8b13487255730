# Kafo — English

nav-home = Home
nav-admin = Administration
nav-login = Log in
nav-logout = Log out
nav-language = Language
nav-themes = Themes
footer-tagline = Kafo, the association of peers: communities of practice for women’s and girls’ rights

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
first-of-month = 1

participants = { $n ->
    [one] { $nf } participant
   *[other] { $nf } participants
}
org-count = { $n ->
    [one] { $nf } member organisation
   *[other] { $nf } member organisations
}
people-count = { $n ->
    [one] { $nf } person
   *[other] { $nf } people
}
users-count = { $n ->
    [one] { $nf } account
   *[other] { $nf } accounts
}

save = Save
saved = Changes saved.
create = Create
edit = Edit
list-empty = Nothing found.
filter-search = Search
filter-apply = Filter
filter-all = All
pager-prev = Previous
pager-next = Next
pager-position = Page { $page } of { $pages }
hint-one-per-line = One item per line.

error-title = Sorry
error-not-found = This page does not exist, or you do not have access to it.
error-forbidden = Your role does not allow this.
error-login-required = Please log in to continue.
error-bad-request = The request could not be read. Check the form and try again.
error-csrf = The form has expired or did not come from Kafo. Reload the page and try again.
error-too-large = What was sent is too large (a file is 20 MB at most): nothing was saved.
error-internal = Something went wrong on our side. Nothing was saved; please try again in a moment.

form-has-errors = The form has errors; nothing was saved.
form-required = This field is required.
form-too-long = { $n ->
    [one] Too long: at most { $nf } character.
   *[other] Too long: at most { $nf } characters.
}
form-bad-email = Invalid email address.
form-bad-date = Invalid date (between 1960 and 2100, as YYYY-MM-DD).
form-date-future = This date cannot be in the future.
form-end-before-start = The end date is before the start date.
form-bad-choice = Invalid choice.
form-bad-phone = Invalid phone number.
form-bad-url = The address must start with https:// or http://.

field-name = Name
field-email = Email address
field-password = Password
field-language = Language
field-community = Community
field-role = Role
field-slug = Short name in the address (e.g. segou)
field-region = Region
field-founded = Founded on
field-project = Project
field-description = Description
field-acronym = Acronym
field-kind = Kind
field-commune = Commune
field-phone = Phone
field-website = Website
field-since = Since
field-until = Until
field-theme = Theme
field-themes = Themes
field-expertise-themes = Themes of expertise
field-expertise = Expertise
field-sex = Sex
field-organisation = Organisation
field-function = Function

login-title = Log in
login-submit = Log in
login-failed = Wrong email address or password.

account-title = My account
account-roles = Roles
account-platform-admin = Platform administrator
account-no-role = No role in any community.
account-password = Change password
account-current-password = Current password
account-new-password = New password (at least 10 characters)
account-confirm-password = Confirm the password
account-wrong-password = The current password is wrong.
account-password-short = The password needs at least 10 characters.
account-password-mismatch = The two passwords differ.
account-email-taken = An account with this address exists already.
account-cannot-disable-self = You cannot disable your own account.

users-title = Accounts
users-new = New account
users-first-role = Role in a community (optional)
users-disabled = disabled
users-set-role = Set role
users-no-role = Remove the role
users-disable = Disable the account
users-enable = Enable the account

role-coordinator = Coordinator
role-core = Core group member
role-member = Member
role-expert = Expert
role-observer = Observer

home-title = Communities of practice
home-intro = NGOs, state services and experts sharing problems, experiences, tools and good practices to defend the rights of women and girls.
home-none = No public community yet.

community-region = { $region } region
community-founded = founded in { $date }
community-since = since { $date }
community-project = { $project } project
community-lead = Lead organisation
community-accompanied = Accompanied by
community-edit = Edit the community
community-new = New community
community-objectives = Objectives
community-ways = Way of working
community-members = Member organisations
community-directory = The whole directory of organisations
community-directory-private = This community’s directory is for its members only.
community-links = Sister communities
community-private = private
community-is-public = Public page (visible without logging in)
community-directory-public = Public list of member organisations
community-bad-slug = Invalid short name: letters, digits and dashes, 60 characters at most.
community-slug-taken = A community already uses this short name.
community-bad-link = Choose two different communities.
community-link-exists = These two communities are already linked.

admin-communities = Communities
admin-link-title = Link two communities
admin-link-a = Community
admin-link-b = Sister community
admin-link-submit = Create the link

orgs-title = Member organisations
orgs-new = New organisation
org-contact = Contact
org-name-taken = An organisation with this name exists already.
org-kind-ngo = NGO
org-kind-association = Association
org-kind-network = Network
org-kind-state_service = State service
org-kind-media = Media
org-kind-community_group = Community group
org-kind-technical_partner = Technical or financial partner
org-kind-other = Other

member-role-lead = Lead organisation
member-role-core = Core group
member-role-member = Member
member-role-partner = Partner
member-since = member since { $date }
member-until = until { $date }
member-in = Membership of { $community }
member-already = This organisation is already a member of the community.
members-add = Add an existing organisation
members-add-help = Look for an organisation already in Kafo (for example a member of a sister community) to add it to this community.
members-add-submit = Add
members-remove = Remove from the community

people-title = People
people-new = New person
people-privacy-note = Record only people active in the community. Never survivors, never case details.
person-duplicate = This person is already recorded in this organisation.
person-org-not-member = This organisation is not a member of the community.
person-role-member = Member
person-role-focal_point = Focal point
person-role-core = Core group member
person-role-expert = Expert
sex-F = Woman
sex-M = Man

theme-new = New theme
theme-name-fr = Name in French
theme-name-en = Name in English
theme-name-bm = Name in Bambara
theme-exists = This theme exists already.

calendar-title = Activity calendar
calendar-upcoming = Upcoming
calendar-past = Past
calendar-feed = Subscribe to the calendar (.ics)
activity-count = { $n ->
    [one] { $nf } activity
   *[other] { $nf } activities
}
activity-new = Plan an activity
activity-cancelled = Cancelled
activity-online = online
activity-host = Organised by
activity-guests = Invited communities
activity-is-public = Visible to the public (otherwise to members only)
activity-add-to-calendar = Add to my calendar (.ics)
activity-plan-again = Plan the next one (6 months later)
activity-cancel = Cancel the activity
activity-restore = Restore the activity
activity-time-zone = Mali time (UTC+0).
activity-too-long = An activity lasts a year at most.
activity-webinar-needs-link = A webinar needs a link to join.
activity-exchange-needs-guest = An exchange visit has at least one invited community.
activity-kind-semi_annual = Semi-annual meeting
activity-kind-core_group = Core group meeting
activity-kind-consultation = Consultation framework
activity-kind-expert_talk = Expert talk
activity-kind-experience_sharing = Experience sharing
activity-kind-exchange_visit = Exchange visit
activity-kind-webinar = Webinar
activity-kind-awareness_campaign = Awareness campaign
field-title = Title
field-starts-at = Starts
field-ends-at = Ends
field-place = Place
field-online-url = Link to join
field-agenda = Agenda
field-speakers = Speakers
field-age-band = Age band
form-bad-datetime = Invalid date and time (YYYY-MM-DD HH:MM, between 2000 and 2100).

figures-title = In figures
figures-women = { $n ->
    [one] { $nf } woman
   *[other] { $nf } women
}
figures-men = { $n ->
    [one] { $nf } man
   *[other] { $nf } men
}
figures-organisations = { $n ->
    [one] { $nf } organisation represented
   *[other] { $nf } organisations represented
}

attendance-title = Attendance sheet
attendance-add = Add a participant
attendance-add-submit = Add
attendance-member = Person from the directory
attendance-walk-in = Someone else (not registered)
attendance-other-org = Other organisation (name)
attendance-list = Participants
attendance-remove = remove
attendance-duplicate = This person is already on the attendance sheet.
age-band-under_18 = under 18
age-band-18_24 = 18 to 24
age-band-25_34 = 25 to 34
age-band-35_49 = 35 to 49
age-band-50_plus = 50 and over

reach-title = Audiences reached
reach-audience = Audience
reach-count = Number
reach-estimated = Estimated number (otherwise counted)
reach-about = about
reach-bad-count = Invalid number: a whole number, zero or more.
audience-participants = Participants
audience-festival_goers = Festival-goers
audience-pupils = Pupils
audience-organisations = Organisations sensitised
audience-women = Women
audience-men = Men
audience-community_members = Community members
audience-listeners = Listeners

minutes-title = Minutes
minutes-none = No minutes yet.
minutes-edit = Write the minutes
minutes-markdown = Simple formatting: **bold**, lists with "-", headings with "#".
decisions-title = Decisions
decisions-new = New decision
actions-title = Follow-up actions
actions-new = New action
action-owner = Organisation responsible
action-due-on = Due date
action-due = due { $date }
action-status = Status
action-status-open = To do
action-status-in_progress = In progress
action-status-done = Done
actions-open-title = Follow-up actions under way

invite-title = Invitations
invite-audience = Invite
invite-audience-community = the members of the organising community
invite-audience-core = the coordination and core group only
invite-audience-all = the members of every community taking part
invite-submit = Send the invitations
invite-sent = { $n ->
    [one] { $nf } invitation sent.
   *[other] { $nf } invitations sent.
}
invite-none = Nobody is invited yet.
rsvp-title = Your answer
rsvp-yes = I will come
rsvp-no = I will not come
rsvp-maybe = Maybe
rsvp-current = Your answer: { $answer }
rsvp-none = no answer
rsvp-counts = Yes: { $yes } · No: { $no } · Maybe: { $maybe } · No answer: { $none }
response-yes = yes
response-no = no
response-maybe = maybe
mail-invite-subject = Invitation: { $title }
mail-change-subject = Changed: { $title }
mail-cancel-subject = Cancelled: { $title }
mail-intro-invite = You are invited to this activity of the community of practice.
mail-intro-change = This activity, to which you are invited, has changed.
mail-intro-cancel = This activity, to which you were invited, is cancelled.
mail-when = When: { $when }
mail-where = Where: { $where }
mail-answer = Answer and see the details: { $url }
mail-calendar = Add to your calendar: { $url }
mail-footer = Kafo — communities of practice for women’s and girls’ rights
sheet-download = Print the attendance sheet to sign (PDF)
sheet-col-number = No.
sheet-col-name = Full name
sheet-col-sex = F / M
sheet-col-organisation = Organisation
sheet-col-commune = Commune
sheet-col-phone = Phone
sheet-col-signature = Signature
sheet-note = This sheet serves the follow-up of the community’s activities; it is not shared.
photos-title = Photos
photos-none = No photos.
photo-add = Add a photo
photo-file = Photo (JPEG, PNG or WebP, 12 MB at most)
photo-caption = Caption
photo-consent = The people in the photo
photo-consent-no_one_recognisable = No one can be recognised (a wall, a place, a crowd from behind)
photo-consent-consent_noted = The people who can be recognised agreed, and it is noted
photo-upload = Upload
photo-remove = remove
photo-not-an-image = This file is not a photo (JPEG, PNG or WebP): nothing was saved.
photo-too-large = The photo is over 12 MB: nothing was saved.
photo-consent-required = Say whether people can be recognised and their agreement noted: nothing was saved.
photo-missing = Choose a photo: nothing was saved.
invite-chosen = Invite chosen organisations or people
invite-chosen-orgs = The people of these organisations
invite-chosen-people = These people

## Knowledge and exchange
nav-search = Search
nav-expertise = Who knows?
field-link = Link (web address)
field-visibility = Who can see it
hint-markdown = Simple formatting: **bold**, lists with "- ", links [text](https://…).
published-by = Published by { $name }
asked-by = Asked by { $name }
visibility-public = Everyone
visibility-network = Members of the network (all communities)
visibility-community = Members of this community only
language-fr = French
language-bm = Bambara
language-en = English
library-title = Library
library-new = Publish a resource
library-has-link = link
library-download = Download
library-open-link = Open the link
library-delete = Remove this resource
library-file = File
library-file-hint = PDF, Word (DOCX), Excel (XLSX), OpenDocument, image or sound; { $mb } MB at most.
library-file-again = To attach a file, choose it again: it was not kept.
library-remove-file = Remove the file "{ $name }"
library-file-label = { $kind }, { $size } KB
library-needs-content = Attach a file, a link or a text: an empty resource helps nobody.
resource-kind-tool = Tool
resource-kind-model = Model
resource-kind-practice = Good practice
resource-kind-guide = Guide
resource-kind-legal = Legal text
resource-kind-report = Report
resource-kind-template = Document template
resource-count = { $n ->
    [one] { $nf } resource
   *[other] { $nf } resources
}
upload-empty = The file is empty: nothing was saved.
upload-too-large = The file is over 20 MB: nothing was saved.
upload-not-allowed = This type of file is not accepted (only PDF, DOCX, XLSX, ODT, ODS, PPTX, images and sounds are): nothing was saved.
upload-damaged = The file seems damaged and cannot be opened: nothing was saved.
experiences-title = Shared experiences
experience-new = Share an experience
experience-organisation = Organisation that led it
experience-context = Context
experience-context-hint = The starting problem, the place, the people concerned.
experience-actions = What we did
experience-actions-hint = The steps, the means, the partners.
experience-results = Results
experience-lessons = Lessons learnt
experience-contacts = Contacts
experience-contacts-hint = Whom to reach to learn more (office, function); no data about survivors.
experience-activity = Presented at the activity
experience-presented-at = Presented at:
experience-count = { $n ->
    [one] { $nf } experience
   *[other] { $nf } experiences
}
questions-title = Questions and solutions
question-new = Ask a question
question-intro = Describe the problem: other organisations may already have solved it.
question-title-field = Your question in one sentence
question-body = Details
question-submit = Publish the question
question-state = State
question-state-open = Waiting for a solution
question-state-solved = Solved
question-count = { $n ->
    [one] { $nf } question
   *[other] { $nf } questions
}
answer-count = { $n ->
    [0] No answer yet
    [one] { $nf } answer
   *[other] { $nf } answers
}
answer-new = Your answer
answer-body = Answer
answer-submit = Answer
answer-edit = Improve the answer
answer-improve = improve
answer-edited = edited
answer-solution = This answer solved the problem
answer-mark = This is the solution
answer-unmark = No longer the solution
moderation = Moderation
moderation-action = Action
moderation-reason = Reason (kept in the log)
moderation-apply = Apply
moderation-hide = Hide
moderation-show = Make visible
moderation-lock = Close to answers
moderation-unlock = Reopen to answers
moderation-hidden = Hidden by the coordination
moderation-locked = closed
moderation-locked-long = This question is closed to new answers
search-title = Search
search-words = Words
search-hint = Look for a tool, a model convention, a solved question, an activity, an organisation: accents and plurals do not matter.
search-none = Nothing found. Try fewer words or another word.
search-count = { $n ->
    [one] { $nf } result
   *[other] { $nf } results
}
search-count-more = More than { $nf } results: add a word or a filter.
search-kind-resource = Resource
search-kind-experience = Experience
search-kind-question = Question
search-kind-activity = Activity
search-kind-organisation = Organisation
search-kind-person = Person
expertise-title = Who knows?
expertise-intro = Find the organisations and people who know a theme or a topic.
follow-title = Followed themes and e-mail digest
follow-intro = Receive by e-mail the new resources, experiences and questions in the themes you follow.
follow-digest = Digest frequency
digest-none = Never
digest-daily = Every day
digest-weekly = Every week
follow-saved = Your choices are saved.
digest-subject = { $n ->
    [one] Kafo: { $nf } new item in your themes
   *[other] Kafo: { $nf } new items in your themes
}
digest-intro = Here is what is new in the themes you follow:
digest-settings = Change your themes or the frequency: { $url }
community-library = Library
community-experiences = Experiences
community-questions = Questions

# Recurring activities
activity-series = Series
field-repeat = Repeat
field-occurrences = Number of sessions
activity-series-hint = Each session becomes an activity of its own, with its own attendance and minutes.
activity-series-count = Give between 2 and 12 sessions.
activity-series-position = Session { $at } of { $of } in the series
recurrence-once = Once
recurrence-quarterly = Every three months
recurrence-semi_annual = Every six months
recurrence-annual = Every year
