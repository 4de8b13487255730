//! Attendance and reach: who came, how many were reached, and the attendance sheet to print.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{CsrfForm, back_to_activity, organised_activity};
use crate::activities::queries::{self as q, AttendeeFields};
use crate::activities::{Activity, AgeBand, Attendee, Figures, ReachAudience};
use crate::community::Community;
use crate::directory::queries as dir;
use crate::directory::{OrgRef, Sex};
use crate::error::{AppError, AppResult};
use crate::ids::{ActivityId, AttendeeId, CommunityId, PersonId};
use crate::web::unprocessable;
use crate::web::{Check, Ctx, Errors, WebForm, forms, render};
use crate::{AppState, clock};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AttendeeForm {
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
    sexes: &'static [Sex],
    age_bands: &'static [AgeBand],
    audiences: &'static [ReachAudience],
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
            sexes: Sex::all(),
            age_bands: AgeBand::all(),
            audiences: ReachAudience::all(),
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
            Ok((
                q::attendees(c, id)?,
                q::figures(c, id)?,
                q::people_to_pick(c, cid)?,
                dir::org_refs_in(c, cid)?,
            ))
        })
        .await
}

pub(super) async fn attendance(
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

pub(super) async fn add_attendee(
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
                    age_band: check.optional_pick("age_band", &f.age_band),
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
                sex: check.pick("sex", &f.sex),
                age_band: check.optional_pick("age_band", &f.age_band),
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

pub(super) async fn remove_attendee(
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
pub(super) struct ReachForm {
    csrf: String,
    audience: String,
    headcount: String,
    estimated: String,
}

pub(super) async fn set_reach(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<ReachForm>,
) -> AppResult<Response> {
    let (community, activity) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let audience: ReachAudience = check.pick("audience", &f.audience);
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
        .tx(move |c| Ok(q::set_reach(c, id, audience, headcount, estimated)?))
        .await?;
    back_to_activity(&community, id, "/presences#audiences")
}

/// The numbered attendance sheet, with the expected people already written in.
pub(super) async fn sheet(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
) -> AppResult<Response> {
    let (_, activity) = organised_activity(&state, &ctx, &slug, id).await?;
    let names = state.db.run(move |c| Ok(q::expected(c, id)?)).await?;
    let tr = ctx.tr;
    let pdf = tokio::task::spawn_blocking(move || {
        crate::activities::sheet::attendance_sheet(tr, &activity, &names)
    })
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
