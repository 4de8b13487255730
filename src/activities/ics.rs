//! Calendar files (iCalendar) of activities: one activity, or a community's feed.

use super::{Activity, ActivityRow};
use crate::clock;
use crate::ids::ActivityId;

/// What a calendar file says of an activity: what, when, where; never who comes.
struct EventFacts<'a> {
    id: ActivityId,
    slug: &'a str,
    title: &'a str,
    starts: &'a str,
    ends: &'a str,
    place: Option<&'a str>,
    url: Option<&'a str>,
    cancelled: bool,
}

fn ics_event(f: EventFacts) -> Option<icalendar::Event> {
    use icalendar::{Component, EventLike, EventStatus};
    let s = clock::parse_datetime(f.starts)?;
    let e = clock::parse_datetime(f.ends)?;
    let utc = |d: time::PrimitiveDateTime| {
        chrono::DateTime::from_timestamp(d.assume_utc().unix_timestamp(), 0)
    };
    let mut ev = icalendar::Event::new();
    ev.uid(&format!("activite-{}@{}.kafo", f.id, f.slug))
        .summary(f.title)
        .starts(utc(s)?)
        .ends(utc(e)?);
    if let Some(p) = f.place {
        ev.location(p);
    }
    if let Some(u) = f.url {
        ev.url(u);
    }
    if f.cancelled {
        ev.status(EventStatus::Cancelled);
    }
    Some(ev.done())
}

/// One activity as a calendar: what, when, where; never who else comes. The link to join
/// only `with_link`.
pub(super) fn of_activity(a: &Activity, with_link: bool) -> icalendar::Calendar {
    let mut cal = icalendar::Calendar::new();
    cal.name(&a.community_name);
    if let Some(ev) = ics_event(EventFacts {
        id: a.id,
        slug: &a.community_slug,
        title: &a.title,
        starts: &a.starts_at,
        ends: &a.ends_at,
        place: a.place.as_deref(),
        url: a.online_url.as_deref().filter(|_| with_link),
        cancelled: a.cancelled,
    }) {
        cal.push(ev);
    }
    cal.done()
}

/// Activities as a calendar feed named `name`, without their links to join.
pub(super) fn feed(name: &str, rows: &[ActivityRow]) -> icalendar::Calendar {
    let mut cal = icalendar::Calendar::new();
    cal.name(name);
    for r in rows {
        if let Some(ev) = ics_event(EventFacts {
            id: r.id,
            slug: &r.community_slug,
            title: &r.title,
            starts: &r.starts_at,
            ends: &r.ends_at,
            place: r.place.as_deref(),
            url: None,
            cancelled: r.cancelled,
        }) {
            cal.push(ev);
        }
    }
    cal.done()
}
