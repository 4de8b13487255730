//! Plans: list, draft, read, edit, adoption, revision, publication, and the adopted versions.
//! The objectives and actions of a draft are in `action_forms.rs`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{is_member, organised, readable};
use crate::auth::Permission;
use crate::community::{Community, enter};
use crate::error::{AppError, AppResult};
use crate::ids::{ActivityId, PlanId};
use crate::plans::queries::reviews as rq;
use crate::plans::queries::{self as q, PlanFields};
use crate::plans::{Objective, Plan, PlanKind, PlanRow, PlanStatus, ReviewMark, Snapshot, Version};
use crate::web::{Check, Ctx, Errors, Pager, WebForm, forms, query_base, render, unprocessable};
use crate::{AppState, clock};

/// A required date, as ISO text.
pub(super) fn required_date(check: &mut Check, field: &'static str, value: &str) -> String {
    match check.optional_date(field, value) {
        Some(d) => d,
        None => {
            if value.trim().is_empty() {
                check.fail(field, "form-required");
            }
            String::new()
        }
    }
}

pub(super) fn to_plan(slug: &str, id: PlanId) -> Response {
    Redirect::to(&format!("/c/{slug}/plans/{id}")).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ListQuery {
    page: String,
}

#[derive(Template)]
#[template(path = "plans/list.html")]
struct ListPage {
    ctx: Ctx,
    community: Community,
    plans: Vec<PlanRow>,
    pager: Pager,
    can_write: bool,
}

pub(super) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(lq): Query<ListQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    let members = is_member(&ctx, cid);
    let page = forms::page_number(Some(&lq.page));
    let today = q::today();
    let (total, plans) = state
        .db
        .cached(format!("plans:{cid}:{members}:{today}:{page}"), move |c| {
            Ok(q::list(
                c,
                cid,
                members,
                &today,
                Pager::offset(page),
                Pager::PER_PAGE,
            )?)
        })
        .await?;
    let pager = Pager::new(page, total, query_base(&[]));
    let can_write = ctx.user.as_ref().is_some_and(|u| u.can_organise(cid));
    render(&ListPage {
        ctx,
        community,
        plans,
        pager,
        can_write,
    })
}

#[derive(Template)]
#[template(path = "plans/page.html")]
pub(super) struct PlanPage {
    ctx: Ctx,
    community: Community,
    plan: Plan,
    objectives: Vec<Objective>,
    versions: Vec<Version>,
    marks: Vec<ReviewMark>,
    can_organise: bool,
    can_manage: bool,
    errors: Errors,
    objective_title: String,
}

#[derive(Clone)]
pub(super) struct PageData {
    objectives: Vec<Objective>,
    versions: Vec<Version>,
    marks: Vec<ReviewMark>,
}

pub(super) async fn page_data(state: &AppState, plan: &Plan) -> AppResult<PageData> {
    let id = plan.id;
    let today = q::today();
    state
        .db
        .cached_bulky(format!("plan:{id}:{today}"), move |c| {
            Ok(PageData {
                objectives: q::objectives(c, id, &today)?,
                versions: q::versions(c, id)?,
                marks: rq::marks_for_plan(c, id)?,
            })
        })
        .await
}

pub(super) fn plan_page(
    ctx: Ctx,
    community: Community,
    plan: Plan,
    data: PageData,
    errors: Errors,
    objective_title: String,
) -> PlanPage {
    let cid = community.id;
    let (can_organise, can_manage) = ctx
        .user
        .as_ref()
        .map_or((false, false), |u| (u.can_organise(cid), u.can_manage(cid)));
    PlanPage {
        ctx,
        community,
        plan,
        objectives: data.objectives,
        versions: data.versions,
        marks: data.marks,
        can_organise,
        can_manage,
        errors,
        objective_title,
    }
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PlanId)>,
) -> AppResult<Response> {
    let (community, plan) = readable(&state, &ctx, &slug, id).await?;
    let data = page_data(&state, &plan).await?;
    render(&plan_page(
        ctx,
        community,
        plan,
        data,
        Errors::default(),
        String::new(),
    ))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct PlanForm {
    csrf: String,
    kind: String,
    title: String,
    summary: String,
    starts_on: String,
    ends_on: String,
    objectives: String,
}

impl PlanForm {
    fn from_plan(p: &Plan) -> Self {
        PlanForm {
            csrf: String::new(),
            kind: p.kind.code().to_owned(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            starts_on: p.starts_on.clone(),
            ends_on: p.ends_on.clone(),
            objectives: String::new(),
        }
    }

    fn check(&self, check: &mut Check) -> (PlanFields, Vec<String>) {
        let fields = PlanFields {
            kind: check.pick("kind", &self.kind),
            title: check.required("title", &self.title, forms::SHORT),
            summary: check
                .optional("summary", &self.summary, forms::LONG)
                .unwrap_or_default(),
            starts_on: required_date(check, "starts_on", &self.starts_on),
            ends_on: required_date(check, "ends_on", &self.ends_on),
        };
        if !fields.starts_on.is_empty()
            && !fields.ends_on.is_empty()
            && fields.ends_on < fields.starts_on
        {
            check.fail("ends_on", "plan-ends-before-start");
        }
        let objectives: Vec<String> = self
            .objectives
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if objectives
            .iter()
            .any(|o| o.chars().count() > forms::SHORT * 2)
        {
            check.fail("objectives", "plan-objective-too-long");
        }
        (fields, objectives)
    }
}

#[derive(Template)]
#[template(path = "plans/form.html")]
struct FormPage {
    ctx: Ctx,
    community: Community,
    plan_id: Option<PlanId>,
    form: PlanForm,
    kinds: &'static [PlanKind],
    errors: Errors,
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Organise).await?;
    render(&FormPage {
        ctx,
        community,
        plan_id: None,
        form: PlanForm {
            kind: PlanKind::Sustainability.code().to_owned(),
            ..Default::default()
        },
        kinds: PlanKind::all(),
        errors: Errors::default(),
    })
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<PlanForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let (fields, objectives) = f.check(&mut check);
    if !check.ok() {
        return unprocessable(&FormPage {
            ctx,
            community,
            plan_id: None,
            form: f,
            kinds: PlanKind::all(),
            errors: check.errors,
        });
    }
    let (cid, user_id) = (community.id, ctx.user()?.id);
    let id = state
        .db
        .tx(move |c| {
            Ok(q::create(
                c,
                cid,
                &fields,
                &objectives,
                Some(user_id),
                clock::now(),
            )?)
        })
        .await?;
    Ok(to_plan(&community.slug, id))
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PlanId)>,
) -> AppResult<Response> {
    let (community, plan) = organised(&state, &ctx, &slug, id, Permission::Organise).await?;
    render(&FormPage {
        ctx,
        community,
        plan_id: Some(id),
        form: PlanForm::from_plan(&plan),
        kinds: PlanKind::all(),
        errors: Errors::default(),
    })
}

/// An adopted plan is changed only through a revision.
pub(super) fn must_be_draft(plan: &Plan) -> AppResult<()> {
    if plan.status == PlanStatus::Draft {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub(super) async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PlanId)>,
    WebForm(f): WebForm<PlanForm>,
) -> AppResult<Response> {
    let (community, plan) = organised(&state, &ctx, &slug, id, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    must_be_draft(&plan)?;
    let mut check = Check::new(ctx.tr);
    let (fields, _) = f.check(&mut check);
    // Actions already planned must stay inside the period.
    if check.ok() {
        let (start, end) = (fields.starts_on.clone(), fields.ends_on.clone());
        let outside: i64 = state
            .db
            .run(move |c| {
                Ok(c.scalar(
                    "SELECT COUNT(*) FROM plan_actions WHERE plan_id = $1 AND (due_on < $2 OR due_on > $3)",
                    crate::params![id, start, end],
                )?)
            })
            .await?;
        if outside > 0 {
            check.fail("starts_on", "plan-period-excludes-actions");
        }
    }
    if !check.ok() {
        return unprocessable(&FormPage {
            ctx,
            community,
            plan_id: Some(id),
            form: f,
            kinds: PlanKind::all(),
            errors: check.errors,
        });
    }
    state
        .db
        .tx(move |c| Ok(q::update(c, id, &fields, clock::now())?))
        .await?;
    Ok(to_plan(&community.slug, id))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct AdoptForm {
    csrf: String,
    adopted_on: String,
    activity: String,
}

#[derive(Template)]
#[template(path = "plans/adopt.html")]
struct AdoptPage {
    ctx: Ctx,
    community: Community,
    plan: Plan,
    activities: Vec<(ActivityId, String)>,
    form: AdoptForm,
    errors: Errors,
}

async fn activities(
    state: &AppState,
    community: &Community,
) -> AppResult<Vec<(ActivityId, String)>> {
    let cid = community.id;
    state
        .db
        .run(move |c| Ok(q::activity_choices(c, cid)?))
        .await
}

pub(super) async fn adopt_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PlanId)>,
) -> AppResult<Response> {
    let (community, plan) = organised(&state, &ctx, &slug, id, Permission::Organise).await?;
    must_be_draft(&plan)?;
    let activities = activities(&state, &community).await?;
    render(&AdoptPage {
        ctx,
        community,
        plan,
        activities,
        form: AdoptForm {
            adopted_on: q::today(),
            ..Default::default()
        },
        errors: Errors::default(),
    })
}

pub(super) async fn adopt(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PlanId)>,
    WebForm(f): WebForm<AdoptForm>,
) -> AppResult<Response> {
    let (community, plan) = organised(&state, &ctx, &slug, id, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    must_be_draft(&plan)?;
    let activities = activities(&state, &community).await?;
    let mut check = Check::new(ctx.tr);
    let adopted_on = required_date(&mut check, "adopted_on", &f.adopted_on);
    let activity_id: Option<ActivityId> = check.optional_id("activity", &f.activity);
    if activity_id.is_some_and(|a| !activities.iter().any(|(x, _)| *x == a)) {
        check.fail("activity", "form-bad-choice");
    }
    if !check.ok() {
        return unprocessable(&AdoptPage {
            ctx,
            community,
            plan,
            activities,
            form: f,
            errors: check.errors,
        });
    }
    state
        .db
        .tx(move |c| Ok(q::adopt(c, &plan, &adopted_on, activity_id, clock::now())?))
        .await?;
    Ok(to_plan(&community.slug, id))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TokenForm {
    csrf: String,
    public: String,
}

pub(super) async fn revise(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PlanId)>,
    WebForm(f): WebForm<TokenForm>,
) -> AppResult<Response> {
    let (community, plan) = organised(&state, &ctx, &slug, id, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    if plan.status != PlanStatus::Adopted {
        return Err(AppError::Forbidden);
    }
    state
        .db
        .tx(move |c| Ok(q::revise(c, id, clock::now())?))
        .await?;
    Ok(to_plan(&community.slug, id))
}

pub(super) async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PlanId)>,
    WebForm(f): WebForm<TokenForm>,
) -> AppResult<Response> {
    let (community, _) = organised(&state, &ctx, &slug, id, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let public = f.public == "1";
    state
        .db
        .tx(move |c| Ok(q::set_public(c, id, public, clock::now())?))
        .await?;
    Ok(to_plan(&community.slug, id))
}

#[derive(Template)]
#[template(path = "plans/version.html")]
struct VersionPage {
    ctx: Ctx,
    community: Community,
    plan: Plan,
    version: Version,
    snapshot: Snapshot,
}

pub(super) async fn version(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, n)): Path<(String, PlanId, i64)>,
) -> AppResult<Response> {
    let (community, plan) = readable(&state, &ctx, &slug, id).await?;
    let (version, snapshot) = state
        .db
        .run(move |c| Ok(q::version(c, id, n)?))
        .await?
        .ok_or(AppError::NotFound)?;
    render(&VersionPage {
        ctx,
        community,
        plan,
        version,
        snapshot,
    })
}
