//! Mail to invitees about an activity: the invitation, a change of time or place, a cancellation.

use super::Activity;
use super::queries::{self as q, ActivityFields, Invitee};
use crate::error::AppResult;
use crate::ids::ActivityId;

/// One message about an activity, in the recipient's language.
fn compose(which: &str, a: &MailFacts, locale: &str, base: &str) -> (String, String) {
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
    if which != "cancel" {
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
        let (subject, body) = compose("invite", facts, &i.locale, base);
        crate::mail::enqueue(c, &i.email, &subject, &body)?;
    }
    Ok(())
}

/// Queues a message to every invitee: the activity changed or was cancelled.
pub(super) fn notify_invitees(
    c: &mut crate::db::Conn,
    which: &str,
    facts: &MailFacts,
    base: &str,
) -> AppResult<()> {
    for i in q::invitees(c, facts.id)? {
        if i.response.as_deref() == Some("no") && which == "change" {
            continue;
        }
        let (subject, body) = compose(which, facts, &i.locale, base);
        crate::mail::enqueue(c, &i.email, &subject, &body)?;
    }
    Ok(())
}
