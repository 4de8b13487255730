//! Mail to invitees about an activity: the invitation, a change of time or place, a cancellation.

use super::queries::{self as q, ActivityFields, Invitee};
use super::{Activity, Response};
use crate::error::AppResult;
use crate::ids::ActivityId;

/// The messages invitees get about an activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Notice {
    Invite,
    /// The time or place changed, or a cancelled activity takes place after all.
    Change,
    Cancel,
}

impl Notice {
    /// The part of the message's locale keys: `mail-<code>-subject`, `mail-intro-<code>`.
    fn code(self) -> &'static str {
        match self {
            Notice::Invite => "invite",
            Notice::Change => "change",
            Notice::Cancel => "cancel",
        }
    }

    /// What invitees hear when an activity is cancelled, or restored.
    pub(super) fn of_cancellation(cancelled: bool) -> Self {
        if cancelled {
            Notice::Cancel
        } else {
            Notice::Change
        }
    }
}

/// One message about an activity, in the recipient's language.
fn compose(notice: Notice, a: &MailFacts, locale: &str, base: &str) -> (String, String) {
    let which = notice.code();
    let tr = crate::i18n::Tr::new(crate::i18n::Locale::parse(locale).unwrap_or_default());
    let subject = tr.t1(&format!("mail-{which}-subject"), "title", &a.title);
    let when = format!(
        "{} {}",
        tr.date(a.starts_at.get(..10).unwrap_or("")),
        a.starts_at.get(11..16).unwrap_or("")
    );
    let url = format!("{base}/c/{}/activites/{}", a.slug, a.id);
    let mut body = format!(
        "{}\n\n{}\n\n",
        tr.t(&format!("mail-intro-{which}")),
        a.title
    );
    body.push_str(&tr.t1("mail-when", "when", &when));
    body.push('\n');
    if let Some(p) = &a.place {
        body.push_str(&tr.t1("mail-where", "where", p));
        body.push('\n');
    }
    body.push('\n');
    body.push_str(&tr.t1("mail-answer", "url", &url));
    body.push('\n');
    if notice != Notice::Cancel {
        body.push_str(&tr.t1("mail-calendar", "url", &format!("{url}/invitation.ics")));
        body.push('\n');
    }
    body.push_str("\n-- \n");
    body.push_str(&tr.t("mail-footer"));
    body.push('\n');
    (subject, body)
}

/// What a message says of an activity.
pub(super) struct MailFacts {
    id: ActivityId,
    slug: String,
    title: String,
    starts_at: String,
    place: Option<String>,
}

impl MailFacts {
    pub(super) fn of(a: &Activity) -> Self {
        MailFacts {
            id: a.id,
            slug: a.community_slug.clone(),
            title: a.title.clone(),
            starts_at: a.starts_at.clone(),
            place: a.place.clone().or_else(|| a.online_url.clone()),
        }
    }

    /// The activity as it will be once edited with these fields.
    pub(super) fn updated(before: &Activity, fields: &ActivityFields) -> Self {
        let mut facts = MailFacts::of(before);
        facts.title = fields.title.clone();
        facts.starts_at = fields.starts_at.clone();
        facts.place = fields.place.clone().or_else(|| fields.online_url.clone());
        facts
    }
}

/// Whether an edit changes the time or place: invitees hear of that, not of other edits.
pub(super) fn moved(before: &Activity, fields: &ActivityFields) -> bool {
    before.starts_at != fields.starts_at
        || before.ends_at != fields.ends_at
        || before.place != fields.place
        || before.online_url != fields.online_url
}

/// Queues an invitation to each of the people just invited.
pub(super) fn invite(
    c: &mut crate::db::Conn,
    fresh: &[Invitee],
    facts: &MailFacts,
    base: &str,
) -> AppResult<()> {
    for i in fresh {
        let (subject, body) = compose(Notice::Invite, facts, &i.locale, base);
        crate::mail::enqueue(c, &i.email, &subject, &body)?;
    }
    Ok(())
}

/// Queues a message to every invitee: the activity changed or was cancelled.
pub(super) fn notify_invitees(
    c: &mut crate::db::Conn,
    notice: Notice,
    facts: &MailFacts,
    base: &str,
) -> AppResult<()> {
    for i in q::invitees(c, facts.id)? {
        // Who declined hears of a cancellation, not of a change.
        if i.response == Some(Response::No) && notice == Notice::Change {
            continue;
        }
        let (subject, body) = compose(notice, facts, &i.locale, base);
        crate::mail::enqueue(c, &i.email, &subject, &body)?;
    }
    Ok(())
}
