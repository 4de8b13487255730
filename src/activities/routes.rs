//! Activity pages: the calendar, planning, attendance, reach, minutes, decisions, actions,
//! and the calendar files.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::queries::{self as q, ActionFields, ActivityFields, AttendeeFields, CalendarFilter};
use super::{
    ACTION_STATUSES, AGE_BANDS, AUDIENCES, ActionItem, Activity, ActivityRow, Attendee, Decision,
    Figures, KINDS,
};
use crate::auth::Permission;
use crate::community::enter;
use crate::community::{Community, CommunityRef};
use crate::directory::queries as dir;
use crate::directory::{OrgRef, SEXES, Theme};
use crate::error::{AppError, AppResult};
use crate::ids::{
    ActionId, ActivityId, AttendeeId, CommunityId, OrganisationId, PersonId, PhotoId, ThemeId,
    UserId,
};
use crate::web::unprocessable;
use crate::web::{Check, Ctx, Errors, Pager, WebForm, forms, query_base, render};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/activites", get(calendar))
        .route("/c/{slug}/calendrier.ics", get(feed))
        .route("/c/{slug}/activites/nouvelle", get(new_form).post(create))
        .route("/c/{slug}/activites/{id}", get(page))
        .route("/c/{slug}/activites/{id}/invitation.ics", get(ics))
        .route(
            "/c/{slug}/activites/{id}/modifier",
            get(edit_form).post(update),
        )
        .route("/c/{slug}/activites/{id}/annuler", post(cancel))
        .route(
            "/c/{slug}/activites/{id}/presences",
            get(attendance).post(add_attendee),
        )
        .route(
            "/c/{slug}/activites/{id}/presences/{aid}/retirer",
            post(remove_attendee),
        )
        .route("/c/{slug}/activites/{id}/audiences", post(set_reach))
        .route("/c/{slug}/activites/{id}/compte-rendu", post(save_minutes))
        .route("/c/{slug}/activites/{id}/decisions", post(add_decision))
        .route("/c/{slug}/activites/{id}/actions", post(add_action))
        .route("/c/{slug}/activites/{id}/actions/{xid}", post(set_action))
        .route("/c/{slug}/activites/{id}/invitations", post(invite))
        .route(
            "/c/{slug}/activites/{id}/feuille-de-presence.pdf",
            get(sheet),
        )
        .route(
            "/c/{slug}/activites/{id}/photos",
            post(upload_photo).layer(axum::extract::DefaultBodyLimit::max(
                super::photos::UPLOAD_MAX + 64 * 1024,
            )),
        )
        .route("/c/{slug}/activites/{id}/photos/{pid}/{size}", get(photo))
        .route(
            "/c/{slug}/activites/{id}/photos/{pid}/retirer",
            post(remove_photo),
        )
        .route("/c/{slug}/activites/{id}/reponse", post(respond))
}

/// After a form: back to the activity (or one of its pages or anchors), post-redirect-get.
fn back_to_activity(community: &Community, id: ActivityId, rest: &str) -> AppResult<Response> {
    Ok(Redirect::to(&format!("/c/{}/activites/{id}{rest}", community.slug)).into_response())
}

fn is_member(ctx: &Ctx, community_id: CommunityId) -> bool {
    ctx.user.as_ref().is_some_and(|u| u.is_member(community_id))
}

fn can_organise(ctx: &Ctx, community_id: CommunityId) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| u.can_organise(community_id))
}

// ---- calendar ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct CalendarQuery {
    quand: String,
    kind: String,
    theme: String,
    page: String,
}

#[derive(Template)]
#[template(path = "activities/calendar.html")]
struct CalendarPage {
    ctx: Ctx,
    community: Community,
    activities: Vec<ActivityRow>,
    pager: Pager,
    filter: CalendarQuery,
    past: bool,
    themes: Vec<Theme>,
    kinds: &'static [&'static str],
    can_organise: bool,
}

async fn calendar(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(mut fq): Query<CalendarQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    fq.kind = forms::kept(&fq.kind, KINDS);
    let past = fq.quand == "passees";
    let filter = CalendarFilter {
        past,
        kind: fq.kind.clone(),
        theme: fq.theme.trim().parse().ok(),
        public_only: !is_member(&ctx, cid),
        // Minute precision: a cache key that changes once a minute.
        now: clock::now_local(),
    };
    let page = forms::page_number(Some(&fq.page));
    let key = format!(
        "calendar:{cid}:{past}:{}:{:?}:{}:{}:{page}",
        filter.kind, filter.theme, filter.public_only, filter.now
    );
    let ((total, activities), themes) = state
        .db
        .cached(key, move |c| {
            Ok((
                q::calendar(c, cid, &filter, Pager::offset(page), Pager::PER_PAGE)?,
                dir::all_themes(c)?,
            ))
        })
        .await?;
    let pager = Pager::new(
        page,
        total,
        query_base(&[
            ("quand", &fq.quand),
            ("kind", &fq.kind),
            ("theme", &fq.theme),
        ]),
    );
    let can_organise = can_organise(&ctx, cid);
    render(&CalendarPage {
        ctx,
        community,
        activities,
        pager,
        filter: fq,
        past,
        themes,
        kinds: KINDS,
        can_organise,
    })
}

// ---- one activity ----

/// An activity the visitor may see, through a community taking part in it.
async fn visible_activity(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: ActivityId,
) -> AppResult<(Community, Activity)> {
    let community = enter(state, ctx, slug, Permission::See).await?;
    let cid = community.id;
    let activity = state
        .db
        .cached(format!("activity:{cid}:{id}"), move |c| {
            Ok(q::activity_in(c, cid, id)?)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    if !activity.is_public && !is_member(ctx, cid) && !is_member(ctx, activity.community_id) {
        return Err(if ctx.user.is_some() {
            AppError::NotFound
        } else {
            AppError::LoginRequired
        });
    }
    Ok((community, activity))
}

/// An activity hosted by this community, for a user who may organise it.
async fn organised_activity(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: ActivityId,
) -> AppResult<(Community, Activity)> {
    let community = enter(state, ctx, slug, Permission::See).await?;
    let user = ctx.user()?;
    if !user.can_organise(community.id) {
        return Err(AppError::Forbidden);
    }
    let cid = community.id;
    let activity = state
        .db
        .run(move |c| Ok(q::activity_in(c, cid, id)?))
        .await?
        .filter(|a| a.community_id == cid)
        .ok_or(AppError::NotFound)?;
    Ok((community, activity))
}

#[derive(Template)]
#[template(path = "activities/page.html")]
struct ActivityPage {
    ctx: Ctx,
    community: Community,
    activity: Activity,
    figures: Figures,
    decisions: Vec<Decision>,
    actions: Vec<ActionItem>,
    minutes_html: String,
    orgs: Vec<OrgRef>,
    statuses: &'static [&'static str],
    can_organise: bool,
    is_member: bool,
    invitees: Vec<q::Invitee>,
    accounts: Vec<(UserId, String)>,
    photos: Vec<q::PhotoRow>,
    /// The message of a refused upload, from the redirect.
    photo_error: Option<String>,
    /// The visitor's own answer, when a member of a community taking part.
    my_response: Option<Option<String>>,
    sent: Option<i64>,
}

impl ActivityPage {
    fn responses(&self, answer: &str) -> i64 {
        self.invitees
            .iter()
            .filter(|i| i.response.as_deref() == Some(answer))
            .count() as i64
    }

    fn unanswered(&self) -> i64 {
        self.invitees
            .iter()
            .filter(|i| i.response.is_none())
            .count() as i64
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PageQuery {
    envoyees: String,
    photo: String,
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    Query(pq): Query<PageQuery>,
) -> AppResult<Response> {
    let (community, activity) = visible_activity(&state, &ctx, &slug, id).await?;
    let host = activity.community_id;
    let organiser = can_organise(&ctx, host) && host == community.id;
    let mut taking_part = vec![host];
    taking_part.extend(activity.guests.iter().map(|g| g.0));
    let (figures, decisions, actions, orgs, (invitees, accounts), photos) = state
        .db
        .cached(format!("activity-page:{id}:{organiser}"), move |c| {
            let (orgs, invitees) = if organiser {
                (
                    dir::org_refs_in(c, host)?,
                    (q::invitees(c, id)?, q::accounts_in(c, &taking_part)?),
                )
            } else {
                (Vec::new(), (Vec::new(), Vec::new()))
            };
            Ok((
                q::figures(c, id)?,
                q::decisions(c, id)?,
                q::actions_of(c, id)?,
                orgs,
                invitees,
                q::photos_of(c, id)?,
            ))
        })
        .await?;
    let takes_part = ctx
        .user
        .as_ref()
        .is_some_and(|u| u.is_admin || u.roles.iter().any(|(c, _)| activity.takes_part(*c)));
    let my_response = match (&ctx.user, takes_part) {
        (Some(u), true) => {
            let uid = u.id;
            Some(
                state
                    .db
                    .cached(format!("response:{id}:{uid}"), move |c| {
                        Ok(q::response_of(c, id, uid)?)
                    })
                    .await?,
            )
        }
        _ => None,
    };
    let minutes_html = super::markdown(&activity.minutes);
    let photo_error = match pq.photo.as_str() {
        "type" => Some("photo-not-an-image"),
        "taille" => Some("photo-too-large"),
        "accord" => Some("photo-consent-required"),
        "fichier" => Some("photo-missing"),
        _ => None,
    }
    .map(|key| ctx.t(key).into_owned());
    let is_member = is_member(&ctx, community.id);
    render(&ActivityPage {
        ctx,
        community,
        activity,
        figures,
        decisions,
        actions,
        minutes_html,
        orgs,
        statuses: ACTION_STATUSES,
        can_organise: organiser,
        is_member,
        invitees,
        accounts,
        photo_error,
        photos,
        my_response,
        sent: pq.envoyees.parse().ok(),
    })
}

// ---- invitations and answers ----

/// The address people reach Kafo at, for links in mail.
fn base_url(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(u) = &state.config.public_url {
        return u.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if crate::web::ctx::is_https(state, headers) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

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
struct MailFacts {
    id: ActivityId,
    slug: String,
    title: String,
    starts_at: String,
    place: Option<String>,
}

impl MailFacts {
    fn of(a: &Activity) -> Self {
        MailFacts {
            id: a.id,
            slug: a.community_slug.clone(),
            title: a.title.clone(),
            starts_at: a.starts_at.clone(),
            place: a.place.clone().or_else(|| a.online_url.clone()),
        }
    }
}

/// Queues a message to every invitee: the activity changed or was cancelled.
fn notify_invitees(
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

#[derive(Deserialize, Default)]
#[serde(default)]
struct InviteForm {
    csrf: String,
    audience: String,
    /// With `audience=chosen`: organisations and accounts picked one by one.
    orgs: Vec<String>,
    users: Vec<String>,
}

async fn invite(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<InviteForm>,
) -> AppResult<Response> {
    let (community, activity) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut taking_part = vec![community.id];
    taking_part.extend(activity.guests.iter().map(|g| g.0));
    let base = base_url(&state, &headers);
    let facts = MailFacts::of(&activity);
    let audience = f.audience.clone();
    let host = community.id;
    fn parse_ids<T: std::str::FromStr>(raw: &[String]) -> AppResult<Vec<T>> {
        raw.iter()
            .map(|r| r.parse::<T>().map_err(|_| AppError::BadRequest))
            .collect()
    }
    let orgs: Vec<OrganisationId> = parse_ids(&f.orgs)?;
    let users: Vec<UserId> = parse_ids(&f.users)?;
    if !["community", "core", "all", "chosen"].contains(&audience.as_str()) {
        return Err(AppError::BadRequest);
    }
    let sent = state
        .db
        .tx(move |c| {
            let now = clock::now();
            let fresh = match audience.as_str() {
                "community" => q::invite(c, id, &[host], false, now)?,
                "core" => q::invite(c, id, &[host], true, now)?,
                "all" => q::invite(c, id, &taking_part, false, now)?,
                _ => {
                    // Only organisations of the host and accounts of communities taking part:
                    // an id from elsewhere in a forged form invites no one.
                    let members = dir::org_refs_in(c, host)?;
                    if orgs.iter().any(|o| !members.iter().any(|m| m.id == *o)) {
                        return Err(AppError::BadRequest);
                    }
                    let accounts = q::accounts_in(c, &taking_part)?;
                    if users.iter().any(|u| !accounts.iter().any(|(a, _)| a == u)) {
                        return Err(AppError::BadRequest);
                    }
                    q::invite_chosen(c, id, &users, &orgs, now)?
                }
            };
            for i in &fresh {
                let (subject, body) = compose("invite", &facts, &i.locale, &base);
                crate::mail::enqueue(c, &i.email, &subject, &body)?;
            }
            Ok(fresh.len())
        })
        .await?;
    back_to_activity(&community, id, &format!("?envoyees={sent}#invitations"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RespondForm {
    csrf: String,
    response: String,
}

async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<RespondForm>,
) -> AppResult<Response> {
    let (community, activity) = visible_activity(&state, &ctx, &slug, id).await?;
    let user = ctx.user()?;
    ctx.check_csrf(&f.csrf)?;
    if !(user.is_admin || user.roles.iter().any(|(c, _)| activity.takes_part(*c))) {
        return Err(AppError::Forbidden);
    }
    if !["yes", "no", "maybe"].contains(&f.response.as_str()) {
        return Err(AppError::BadRequest);
    }
    let uid = user.id;
    state
        .db
        .tx(move |c| Ok(q::respond(c, id, uid, &f.response, clock::now())?))
        .await?;
    back_to_activity(&community, id, "#reponse")
}

// ---- planning ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActivityForm {
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
}

impl ActivityForm {
    fn from_activity(a: &Activity) -> Self {
        ActivityForm {
            csrf: String::new(),
            kind: a.kind.clone(),
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
        }
    }

    /// The same activity six months later: semi-annual meetings and webinars come back.
    fn six_months_later(mut self) -> Self {
        for field in [&mut self.starts_at, &mut self.ends_at] {
            if let Some(d) = clock::parse_datetime(field) {
                let (y, m) = (d.year(), u8::from(d.month()));
                let (y, m) = if m > 6 { (y + 1, m - 6) } else { (y, m + 6) };
                let day = d.day().min(28);
                if let Ok(month) = time::Month::try_from(m)
                    && let Ok(date) = time::Date::from_calendar_date(y, month, day)
                {
                    *field = clock::iso_datetime(time::PrimitiveDateTime::new(date, d.time()));
                }
            }
        }
        self
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
        let kind = check.choice("kind", &self.kind, KINDS);
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
        if kind == "webinar" && online_url.is_none() {
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
        if kind == "exchange_visit" && guests.is_empty() && check.errors.get("guests").is_none() {
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

fn check_datetime(
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
    kinds: &'static [&'static str],
    errors: Errors,
}

async fn choices(state: &AppState) -> AppResult<(Vec<Theme>, Vec<CommunityRef>)> {
    state
        .db
        .run(|c| Ok((dir::all_themes(c)?, crate::community::queries::all_refs(c)?)))
        .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewQuery {
    copie: String,
}

async fn new_form(
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
            kind: "semi_annual".into(),
            ..ActivityForm::default()
        },
    };
    render(&FormPage {
        ctx,
        community,
        activity_id: None,
        form,
        themes,
        communities,
        kinds: KINDS,
        errors: Errors::default(),
    })
}

async fn create(
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
    if !check.ok() {
        return unprocessable(&FormPage {
            ctx,
            community,
            activity_id: None,
            form: f,
            themes,
            communities,
            kinds: KINDS,
            errors: check.errors,
        });
    }
    let cid = community.id;
    let id = state
        .db
        .tx(move |c| Ok(q::create(c, cid, &fields, clock::now())?))
        .await?;
    back_to_activity(&community, id, "")
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
) -> AppResult<Response> {
    let (community, activity) = organised_activity(&state, &ctx, &slug, id).await?;
    let (themes, communities) = choices(&state).await?;
    render(&FormPage {
        ctx,
        community,
        activity_id: Some(id),
        form: ActivityForm::from_activity(&activity),
        themes,
        communities,
        kinds: KINDS,
        errors: Errors::default(),
    })
}

async fn update(
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
        return unprocessable(&FormPage {
            ctx,
            community,
            activity_id: Some(id),
            form: f,
            themes,
            communities,
            kinds: KINDS,
            errors: check.errors,
        });
    }
    let cid = community.id;
    // Invitees hear of a change of time or place, in the same transaction as the change.
    let moved = before.starts_at != fields.starts_at
        || before.ends_at != fields.ends_at
        || before.place != fields.place
        || before.online_url != fields.online_url;
    let mut facts = MailFacts::of(&before);
    facts.title = fields.title.clone();
    facts.starts_at = fields.starts_at.clone();
    facts.place = fields.place.clone().or_else(|| fields.online_url.clone());
    let base = base_url(&state, &headers);
    state
        .db
        .tx(move |c| {
            q::update(c, cid, id, &fields, clock::now())?;
            if moved {
                notify_invitees(c, "change", &facts, &base)?;
            }
            Ok(())
        })
        .await?;
    back_to_activity(&community, id, "")
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfForm {
    csrf: String,
}

async fn cancel(
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
            notify_invitees(
                c,
                if cancelled { "cancel" } else { "change" },
                &facts,
                &base,
            )?;
            Ok(())
        })
        .await?;
    back_to_activity(&community, id, "")
}

// ---- attendance and reach ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct AttendeeForm {
    csrf: String,
    person: String,
    name: String,
    sex: String,
    age_band: String,
    organisation: String,
    organisation_name: String,
    commune: String,
}

#[derive(Template)]
#[template(path = "activities/attendance.html")]
struct AttendancePage {
    ctx: Ctx,
    community: Community,
    activity: Activity,
    attendees: Vec<Attendee>,
    figures: Figures,
    people: Vec<(PersonId, String)>,
    orgs: Vec<OrgRef>,
    age_bands: &'static [&'static str],
    audiences: &'static [&'static str],
    form: AttendeeForm,
    errors: Errors,
}

type AttendanceData = (Vec<Attendee>, Figures, Vec<(PersonId, String)>, Vec<OrgRef>);

impl AttendancePage {
    fn new(
        ctx: Ctx,
        community: Community,
        activity: Activity,
        (attendees, figures, people, orgs): AttendanceData,
        form: AttendeeForm,
        errors: Errors,
    ) -> Self {
        AttendancePage {
            ctx,
            community,
            activity,
            attendees,
            figures,
            people,
            orgs,
            age_bands: AGE_BANDS,
            audiences: AUDIENCES,
            form,
            errors,
        }
    }
}

async fn attendance_data(
    state: &AppState,
    cid: CommunityId,
    id: ActivityId,
) -> AppResult<AttendanceData> {
    state
        .db
        .run(move |c| {
            let people = c.query(
                "SELECT person_id, name FROM person_communities WHERE community_id = $1 ORDER BY name LIMIT 2000",
                crate::params![cid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok((
                q::attendees(c, id)?,
                q::figures(c, id)?,
                people,
                dir::org_refs_in(c, cid)?,
            ))
        })
        .await
}

async fn attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
) -> AppResult<Response> {
    let (community, activity) = organised_activity(&state, &ctx, &slug, id).await?;
    let data = attendance_data(&state, community.id, id).await?;
    render(&AttendancePage::new(
        ctx,
        community,
        activity,
        data,
        AttendeeForm::default(),
        Errors::default(),
    ))
}

async fn add_attendee(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<AttendeeForm>,
) -> AppResult<Response> {
    let (community, activity) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let cid = community.id;
    let (attendees, figures, people, orgs) = attendance_data(&state, cid, id).await?;
    let mut check = Check::new(ctx.tr);
    let person_id = check.optional_id("person", &f.person);
    let fields = match person_id {
        // A registered person: name, sex and organisation come from the directory.
        Some(pid) => {
            let found = state
                .db
                .run(move |c| Ok(dir::person_in(c, cid, pid)?))
                .await?;
            match found {
                Some(p) => Some(AttendeeFields {
                    person_id: Some(p.id),
                    name: p.name,
                    sex: p.sex,
                    age_band: keep_opt(&mut check, &f.age_band),
                    organisation_id: p.organisation_id,
                    organisation_name: None,
                    commune: check.optional("commune", &f.commune, forms::SHORT),
                }),
                None => {
                    check.fail("person", "form-bad-choice");
                    None
                }
            }
        }
        None => {
            let organisation_id = check.optional_id("organisation", &f.organisation);
            if let Some(o) = organisation_id
                && !orgs.iter().any(|x| x.id == o)
            {
                check.fail("organisation", "person-org-not-member");
            }
            Some(AttendeeFields {
                person_id: None,
                name: check.required("name", &f.name, forms::SHORT),
                sex: check.choice("sex", &f.sex, SEXES),
                age_band: keep_opt(&mut check, &f.age_band),
                organisation_id,
                organisation_name: check.optional(
                    "organisation_name",
                    &f.organisation_name,
                    forms::SHORT,
                ),
                commune: check.optional("commune", &f.commune, forms::SHORT),
            })
        }
    };
    if check.ok()
        && let Some(fields) = fields
    {
        let added = state
            .db
            .tx(move |c| Ok(q::add_attendee(c, id, &fields, clock::now())?))
            .await?;
        if added {
            return back_to_activity(&community, id, "/presences#saisie");
        }
        check.fail("name", "attendance-duplicate");
    }
    unprocessable(&AttendancePage::new(
        ctx,
        community,
        activity,
        (attendees, figures, people, orgs),
        f,
        check.errors,
    ))
}

fn keep_opt(check: &mut Check, age_band: &str) -> Option<String> {
    if age_band.trim().is_empty() {
        return None;
    }
    Some(check.choice("age_band", age_band, AGE_BANDS))
}

async fn remove_attendee(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, aid)): Path<(String, ActivityId, AttendeeId)>,
    WebForm(f): WebForm<CsrfForm>,
) -> AppResult<Response> {
    let (community, _) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let removed = state
        .db
        .tx(move |c| Ok(q::remove_attendee(c, id, aid)?))
        .await?;
    if !removed {
        return Err(AppError::NotFound);
    }
    back_to_activity(&community, id, "/presences")
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReachForm {
    csrf: String,
    audience: String,
    headcount: String,
    estimated: String,
}

async fn set_reach(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<ReachForm>,
) -> AppResult<Response> {
    let (community, activity) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let audience = check.choice("audience", &f.audience, AUDIENCES);
    let headcount = match f
        .headcount
        .trim()
        .replace([' ', '\u{202f}', '\u{a0}'], "")
        .parse::<i64>()
    {
        Ok(n) if (0..=10_000_000).contains(&n) => n,
        _ => {
            check.fail("headcount", "reach-bad-count");
            0
        }
    };
    if !check.ok() {
        let data = attendance_data(&state, community.id, id).await?;
        return unprocessable(&AttendancePage::new(
            ctx,
            community,
            activity,
            data,
            AttendeeForm::default(),
            check.errors,
        ));
    }
    let estimated = f.estimated == "on";
    state
        .db
        .tx(move |c| Ok(q::set_reach(c, id, &audience, headcount, estimated)?))
        .await?;
    back_to_activity(&community, id, "/presences#audiences")
}

// ---- outcome ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct TextForm {
    csrf: String,
    text: String,
}

async fn save_minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<TextForm>,
) -> AppResult<Response> {
    let (community, _) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let text = check
        .optional("minutes", &f.text, 100_000)
        .unwrap_or_default();
    if !check.ok() {
        return Err(AppError::BadRequest);
    }
    let cid = community.id;
    state
        .db
        .tx(move |c| Ok(q::set_minutes(c, cid, id, &text, clock::now())?))
        .await?;
    back_to_activity(&community, id, "#compte-rendu")
}

async fn add_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<TextForm>,
) -> AppResult<Response> {
    let (community, _) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let text = check.required("decision", &f.text, 2000);
    if !check.ok() {
        return Err(AppError::BadRequest);
    }
    state
        .db
        .tx(move |c| Ok(q::add_decision(c, id, &text, clock::now())?))
        .await?;
    back_to_activity(&community, id, "#decisions")
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActionForm {
    csrf: String,
    title: String,
    owner: String,
    due_on: String,
    status: String,
}

async fn add_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<ActionForm>,
) -> AppResult<Response> {
    let (community, _) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let cid = community.id;
    let orgs = state.db.run(move |c| Ok(dir::org_refs_in(c, cid)?)).await?;
    let mut check = Check::new(ctx.tr);
    let title = check.required("action", &f.title, forms::SHORT);
    let owner = check.optional_id("action", &f.owner);
    if let Some(o) = owner
        && !orgs.iter().any(|x| x.id == o)
    {
        check.fail("action", "person-org-not-member");
    }
    let due_on = check.optional_date("action", &f.due_on);
    if !check.ok() {
        return Err(AppError::BadRequest);
    }
    let fields = ActionFields {
        title,
        owner_organisation_id: owner,
        due_on,
    };
    state
        .db
        .tx(move |c| Ok(q::add_action(c, id, &fields, clock::now())?))
        .await?;
    back_to_activity(&community, id, "#actions")
}

async fn set_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, xid)): Path<(String, ActivityId, ActionId)>,
    WebForm(f): WebForm<ActionForm>,
) -> AppResult<Response> {
    let (community, _) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    if !ACTION_STATUSES.contains(&f.status.as_str()) {
        return Err(AppError::BadRequest);
    }
    let status = f.status.clone();
    let found = state
        .db
        .tx(move |c| Ok(q::set_action_status(c, id, xid, &status, clock::now())?))
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    back_to_activity(&community, id, "#actions")
}

// ---- calendar files ----

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

fn ics_response(cal: icalendar::Calendar, filename: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        cal.to_string(),
    )
        .into_response()
}

/// One activity as an .ics file: what, when, where; never who else comes.
async fn ics(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
) -> AppResult<Response> {
    let (community, a) = visible_activity(&state, &ctx, &slug, id).await?;
    // The link to join is for members, as on the page.
    let member = is_member(&ctx, community.id);
    let mut cal = icalendar::Calendar::new();
    cal.name(&a.community_name);
    if let Some(ev) = ics_event(EventFacts {
        id: a.id,
        slug: &a.community_slug,
        title: &a.title,
        starts: &a.starts_at,
        ends: &a.ends_at,
        place: a.place.as_deref(),
        url: a.online_url.as_deref().filter(|_| member),
        cancelled: a.cancelled,
    }) {
        cal.push(ev);
    }
    Ok(ics_response(cal.done(), &format!("activite-{id}.ics")))
}

/// The community's public activities as a calendar feed that calendar programs subscribe to.
async fn feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    let since = clock::iso(clock::today() - time::Duration::days(365));
    let rows = state
        .db
        .cached(format!("feed:{cid}:{since}"), move |c| {
            Ok(q::feed(c, cid, &format!("{since}T00:00"))?)
        })
        .await?;
    let mut cal = icalendar::Calendar::new();
    cal.name(&community.name);
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
    Ok(ics_response(cal.done(), &format!("{slug}.ics")))
}

/// The numbered attendance sheet, with the expected people already written in.
async fn sheet(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
) -> AppResult<Response> {
    let (_, activity) = organised_activity(&state, &ctx, &slug, id).await?;
    let names = state
        .db
        .run(move |c| {
            Ok(c.query(
                "SELECT u.name, COALESCE(o.acronym, o.name) FROM invitations i
                 JOIN users u ON u.id = i.user_id
                 LEFT JOIN people p ON p.id = u.person_id
                 LEFT JOIN organisations o ON o.id = p.organisation_id
                 WHERE i.activity_id = $1 AND (i.response IS NULL OR i.response <> 'no')
                 ORDER BY u.name",
                crate::params![id],
                |r| Ok((r.get::<String>(0)?, r.get::<Option<String>>(1)?)),
            )?)
        })
        .await?;
    let tr = ctx.tr;
    let pdf =
        tokio::task::spawn_blocking(move || super::sheet::attendance_sheet(tr, &activity, &names))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"feuille-de-presence-{id}.pdf\""),
            ),
        ],
        pdf,
    )
        .into_response())
}

// ---- photos ----

/// Takes a photo from a multipart form: checks the token and the consent, makes the light
/// versions, stores them. A refused upload comes back to the page with its message.
async fn upload_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    form: axum::extract::Multipart,
) -> AppResult<Response> {
    let (community, _) = organised_activity(&state, &ctx, &slug, id).await?;
    let user_id = ctx.user()?.id;
    let form = forms::MultipartForm::read(form, "file", 500).await?;
    let (csrf, caption, consent) = (
        form.get("csrf"),
        form.get("caption").trim().to_owned(),
        form.get("consent"),
    );
    let file = form.file.map(|f| f.bytes);
    ctx.check_csrf(&csrf)?;
    let back = |code: &str| back_to_activity(&community, id, &format!("?photo={code}#photos"));
    if !["no_one_recognisable", "consent_noted"].contains(&consent.as_str()) {
        return back("accord");
    }
    let Some(file) = file else {
        return back("fichier");
    };
    let versions = match tokio::task::spawn_blocking(move || super::photos::make_versions(&file))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    {
        Ok(v) => v,
        Err(super::photos::PhotoError::TooLarge) => return back("taille"),
        Err(super::photos::PhotoError::NotAnImage) => return back("type"),
    };
    let photo = q::NewPhoto {
        caption,
        consent,
        versions,
        user_id,
    };
    state
        .db
        .tx(move |c| Ok(q::add_photo(c, id, photo, clock::now())?))
        .await?;
    back_to_activity(&community, id, "#photos")
}

/// A photo's thumbnail (`vignette`) or medium version (`grande`), for those who may see the
/// activity.
async fn photo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, pid, size)): Path<(String, ActivityId, PhotoId, String)>,
) -> AppResult<Response> {
    let (_, activity) = visible_activity(&state, &ctx, &slug, id).await?;
    let medium = match size.as_str() {
        "grande.jpg" => true,
        "vignette.jpg" => false,
        _ => return Err(AppError::NotFound),
    };
    let bytes = state
        .db
        .run(move |c| Ok(q::photo_bytes(c, id, pid, medium)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let cache = if activity.is_public {
        "public, max-age=604800, immutable"
    } else {
        "private, max-age=604800, immutable"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}

async fn remove_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, pid)): Path<(String, ActivityId, PhotoId)>,
    WebForm(f): WebForm<CsrfForm>,
) -> AppResult<Response> {
    let (community, _) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    if !state
        .db
        .tx(move |c| Ok(q::remove_photo(c, id, pid)?))
        .await?
    {
        return Err(AppError::NotFound);
    }
    back_to_activity(&community, id, "#photos")
}
