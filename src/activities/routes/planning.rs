//! Planning: the form to create or edit an activity, and its cancellation.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::{CsrfForm, back_to_activity, base_url, organised_activity};
use crate::activities::notices::{self, MailFacts, Notice};
use crate::activities::queries::{self as q, ActivityFields};
use crate::activities::{Activity, ActivityKind, MAX_OCCURRENCES, Recurrence};
use crate::auth::Permission;
use crate::community::enter;
use crate::community::{Community, CommunityRef};
use crate::directory::Theme;
use crate::directory::queries as dir;
use crate::error::{AppError, AppResult};
use crate::ids::{ActivityId, CommunityId, ThemeId};
use crate::web::unprocessable;
use crate::web::{Check, Ctx, Errors, WebForm, forms, render};
use crate::{AppState, clock};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ActivityForm {
    csrf: String,
    kind: String,
    title: String,
    starts_at: String,
    ends_at: String,
    place: String,
    online_url: String,
    agenda: String,
    speakers: String,
    is_public: String,
    themes: Vec<String>,
    guests: Vec<String>,
    /// A new activity may be the first of a series: how often, and how many times.
    repeat: String,
    occurrences: String,
}

impl ActivityForm {
    fn from_activity(a: &Activity) -> Self {
        ActivityForm {
            csrf: String::new(),
            kind: a.kind.code().to_owned(),
            title: a.title.clone(),
            starts_at: a.starts_at.clone(),
            ends_at: a.ends_at.clone(),
            place: a.place.clone().unwrap_or_default(),
            online_url: a.online_url.clone().unwrap_or_default(),
            agenda: a.agenda.clone(),
            speakers: a.speakers.clone(),
            is_public: if a.is_public {
                "on".into()
            } else {
                String::new()
            },
            themes: a.themes.iter().map(|t| t.id.to_string()).collect(),
            guests: a.guests.iter().map(|g| g.0.to_string()).collect(),
            repeat: String::new(),
            occurrences: String::new(),
        }
    }

    /// The same activity six months later: semi-annual meetings and webinars come back.
    fn six_months_later(mut self) -> Self {
        self.starts_at = clock::months_later(&self.starts_at, 6);
        self.ends_at = clock::months_later(&self.ends_at, 6);
        self
    }

    /// The series asked for on a new activity: (months between, occurrences), or none.
    fn check_series(&self, check: &mut Check) -> Option<(u8, u8)> {
        let recurrence: Recurrence = if self.repeat.trim().is_empty() {
            Recurrence::Once
        } else {
            check.pick("repeat", &self.repeat)
        };
        if recurrence == Recurrence::Once {
            return None;
        }
        match self.occurrences.trim().parse::<u8>() {
            Ok(n) if (2..=MAX_OCCURRENCES).contains(&n) => Some((recurrence.months(), n)),
            _ => {
                check.fail("occurrences", "activity-series-count");
                None
            }
        }
    }

    fn has_theme(&self, id: &ThemeId) -> bool {
        self.themes.contains(&id.to_string())
    }

    fn has_guest(&self, id: &CommunityId) -> bool {
        self.guests.contains(&id.to_string())
    }

    fn check(
        &self,
        check: &mut Check,
        host: CommunityId,
        themes: &[Theme],
        communities: &[CommunityRef],
    ) -> ActivityFields {
        let kind: ActivityKind = check.pick("kind", &self.kind);
        let title = check.required("title", &self.title, forms::SHORT);
        let starts = check_datetime(check, "starts_at", &self.starts_at);
        let ends = check_datetime(check, "ends_at", &self.ends_at);
        if let (Some(s), Some(e)) = (starts, ends) {
            if e < s {
                check.fail("ends_at", "form-end-before-start");
            } else if (e - s).whole_days() > 366 {
                check.fail("ends_at", "activity-too-long");
            }
        }
        let place = check.optional("place", &self.place, forms::SHORT);
        let online_url = check.optional_url("online_url", &self.online_url);
        if kind == ActivityKind::Webinar && online_url.is_none() {
            check.fail("online_url", "activity-webinar-needs-link");
        }
        let theme_ids = check.picked("themes", &self.themes, themes);
        let mut guests = Vec::new();
        for g in &self.guests {
            match g.parse::<CommunityId>() {
                Ok(id) if id != host && communities.iter().any(|x| x.id == id) => {
                    if !guests.contains(&id) {
                        guests.push(id)
                    }
                }
                _ => check.fail("guests", "form-bad-choice"),
            }
        }
        if kind == ActivityKind::ExchangeVisit
            && guests.is_empty()
            && check.errors.get("guests").is_none()
        {
            check.fail("guests", "activity-exchange-needs-guest");
        }
        ActivityFields {
            kind,
            title,
            starts_at: starts.map(clock::iso_datetime).unwrap_or_default(),
            ends_at: ends.map(clock::iso_datetime).unwrap_or_default(),
            place,
            online_url,
            agenda: check
                .optional("agenda", &self.agenda, forms::LONG)
                .unwrap_or_default(),
            speakers: check
                .optional("speakers", &self.speakers, 2000)
                .unwrap_or_default(),
            is_public: self.is_public == "on",
            themes: theme_ids,
            guests,
        }
    }
}

pub(crate) fn check_datetime(
    check: &mut Check,
    field: &'static str,
    value: &str,
) -> Option<time::PrimitiveDateTime> {
    if value.trim().is_empty() {
        check.fail(field, "form-required");
        return None;
    }
    match clock::parse_datetime(value) {
        Some(d) if (2000..=2100).contains(&d.year()) => Some(d),
        _ => {
            check.fail(field, "form-bad-datetime");
            None
        }
    }
}

#[derive(Template)]
#[template(path = "activities/form.html")]
struct FormPage {
    ctx: Ctx,
    community: Community,
    activity_id: Option<ActivityId>,
    form: ActivityForm,
    themes: Vec<Theme>,
    communities: Vec<CommunityRef>,
    kinds: &'static [ActivityKind],
    errors: Errors,
}

fn form_page(
    ctx: Ctx,
    community: Community,
    activity_id: Option<ActivityId>,
    form: ActivityForm,
    (themes, communities): (Vec<Theme>, Vec<CommunityRef>),
    errors: Errors,
) -> FormPage {
    FormPage {
        ctx,
        community,
        activity_id,
        form,
        themes,
        communities,
        kinds: ActivityKind::all(),
        errors,
    }
}

async fn choices(state: &AppState) -> AppResult<(Vec<Theme>, Vec<CommunityRef>)> {
    state
        .db
        .run(|c| Ok((dir::all_themes(c)?, crate::community::queries::all_refs(c)?)))
        .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NewQuery {
    copie: String,
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(nq): Query<NewQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Organise).await?;
    let (themes, communities) = choices(&state).await?;
    let cid = community.id;
    let form = match nq.copie.trim().parse::<ActivityId>() {
        Ok(source) => {
            let a = state
                .db
                .run(move |c| Ok(q::activity_in(c, cid, source)?))
                .await?
                .ok_or(AppError::NotFound)?;
            ActivityForm::from_activity(&a).six_months_later()
        }
        Err(_) => ActivityForm {
            kind: ActivityKind::SemiAnnual.code().to_owned(),
            ..ActivityForm::default()
        },
    };
    render(&form_page(
        ctx,
        community,
        None,
        form,
        (themes, communities),
        Errors::default(),
    ))
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<ActivityForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    let (themes, communities) = choices(&state).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, community.id, &themes, &communities);
    let series = f.check_series(&mut check);
    if !check.ok() {
        return unprocessable(&form_page(
            ctx,
            community,
            None,
            f,
            (themes, communities),
            check.errors,
        ));
    }
    let cid = community.id;
    let id = state
        .db
        .tx(move |c| {
            Ok(match series {
                Some((months, n)) => q::create_series(c, cid, &fields, months, n, clock::now())?,
                None => q::create(c, cid, &fields, clock::now())?,
            })
        })
        .await?;
    back_to_activity(&community, id, "")
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
) -> AppResult<Response> {
    let (community, activity) = organised_activity(&state, &ctx, &slug, id).await?;
    let (themes, communities) = choices(&state).await?;
    render(&form_page(
        ctx,
        community,
        Some(id),
        ActivityForm::from_activity(&activity),
        (themes, communities),
        Errors::default(),
    ))
}

pub(super) async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<ActivityForm>,
) -> AppResult<Response> {
    let (community, before) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let (themes, communities) = choices(&state).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, community.id, &themes, &communities);
    if !check.ok() {
        return unprocessable(&form_page(
            ctx,
            community,
            Some(id),
            f,
            (themes, communities),
            check.errors,
        ));
    }
    let cid = community.id;
    // Invitees hear of a change of time or place, in the same transaction as the change.
    let moved = notices::moved(&before, &fields);
    let facts = MailFacts::updated(&before, &fields);
    let base = base_url(&state, &headers);
    state
        .db
        .tx(move |c| {
            q::update(c, cid, id, &fields, clock::now())?;
            if moved {
                notices::notify_invitees(c, Notice::Change, &facts, &base)?;
            }
            Ok(())
        })
        .await?;
    back_to_activity(&community, id, "")
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<CsrfForm>,
) -> AppResult<Response> {
    let (community, activity) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let cid = community.id;
    let cancelled = !activity.cancelled;
    let facts = MailFacts::of(&activity);
    let base = base_url(&state, &headers);
    state
        .db
        .tx(move |c| {
            q::set_cancelled(c, cid, id, cancelled)?;
            notices::notify_invitees(c, Notice::of_cancellation(cancelled), &facts, &base)?;
            Ok(())
        })
        .await?;
    back_to_activity(&community, id, "")
}
