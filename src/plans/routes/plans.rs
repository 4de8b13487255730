//! Plans: list, draft, read, edit, objectives and actions, adoption, revision, publication,
//! and the adopted versions.
//! Long because a plan's whole life is here; it splits by concern (plans, objectives and
//! actions, adoption and versions) as the committee routes did, when it next grows.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{is_member, organised, readable};
use crate::auth::Permission;
use crate::community::{Community, enter};
use crate::directory::OrgRef;
use crate::directory::queries as dir;
use crate::error::{AppError, AppResult};
use crate::ids::{ActivityId, ObjectiveId, OrganisationId, PlanActionId, PlanId};
use crate::plans::queries::reviews as rq;
use crate::plans::queries::{self as q, ActionFields, PlanFields};
use crate::plans::{
    DEFAULT_CURRENCY, Objective, Plan, PlanKind, PlanRow, PlanStatus, ReviewMark, Snapshot, Version,
};
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

fn to_plan(slug: &str, id: PlanId) -> Response {
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
struct PlanPage {
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
struct PageData {
    objectives: Vec<Objective>,
    versions: Vec<Version>,
    marks: Vec<ReviewMark>,
}

async fn page_data(state: &AppState, plan: &Plan) -> AppResult<PageData> {
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

fn plan_page(
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
fn must_be_draft(plan: &Plan) -> AppResult<()> {
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ObjectiveForm {
    csrf: String,
    title: String,
}

pub(super) async fn add_objective(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PlanId)>,
    WebForm(f): WebForm<ObjectiveForm>,
) -> AppResult<Response> {
    let (community, plan) = organised(&state, &ctx, &slug, id, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    must_be_draft(&plan)?;
    let mut check = Check::new(ctx.tr);
    let title = check.required("objective", &f.title, forms::SHORT * 2);
    if !check.ok() {
        let data = page_data(&state, &plan).await?;
        return unprocessable(&plan_page(
            ctx,
            community,
            plan,
            data,
            check.errors,
            f.title,
        ));
    }
    state
        .db
        .tx(move |c| Ok(q::add_objective(c, id, &title)?))
        .await?;
    Ok(to_plan(&community.slug, id))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct ActionForm {
    csrf: String,
    objective: String,
    title: String,
    owner: String,
    partners: Vec<String>,
    due_on: String,
    expected_result: String,
    budget_amount: String,
    budget_currency: String,
}

impl ActionForm {
    fn has_partner(&self, id: &OrganisationId) -> bool {
        self.partners.contains(&id.to_string())
    }

    fn check(&self, check: &mut Check) -> ActionFields {
        let objective_id: Option<ObjectiveId> = check.optional_id("objective", &self.objective);
        if objective_id.is_none() && self.objective.trim().is_empty() {
            check.fail("objective", "form-required");
        }
        let owner: Option<OrganisationId> = check.optional_id("owner", &self.owner);
        if owner.is_none() && self.owner.trim().is_empty() {
            check.fail("owner", "form-required");
        }
        let mut partners = Vec::new();
        for p in &self.partners {
            match p.parse::<OrganisationId>() {
                Ok(id) if !partners.contains(&id) => partners.push(id),
                Ok(_) => {}
                Err(_) => check.fail("partners", "form-bad-choice"),
            }
        }
        let budget_amount = match self
            .budget_amount
            .trim()
            .replace([' ', '\u{202f}', '\u{a0}'], "")
        {
            s if s.is_empty() => None,
            s => match s.parse::<i64>() {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    check.fail("budget_amount", "plan-budget-bad");
                    None
                }
            },
        };
        let budget_currency = budget_amount.map(|_| {
            check
                .optional("budget_currency", &self.budget_currency, 20)
                .unwrap_or_else(|| DEFAULT_CURRENCY.to_owned())
        });
        ActionFields {
            objective_id: objective_id.unwrap_or_default(),
            title: check.required("title", &self.title, forms::SHORT * 2),
            owner: owner.unwrap_or_default(),
            partners,
            due_on: required_date(check, "due_on", &self.due_on),
            expected_result: check
                .optional("expected_result", &self.expected_result, forms::LONG)
                .unwrap_or_default(),
            budget_amount,
            budget_currency,
        }
    }
}

#[derive(Template)]
#[template(path = "plans/action_form.html")]
struct ActionFormPage {
    ctx: Ctx,
    community: Community,
    plan: Plan,
    objectives: Vec<Objective>,
    owners: Vec<OrgRef>,
    partners: Vec<OrgRef>,
    form: ActionForm,
    errors: Errors,
    /// The action being changed; none for a new one.
    action_id: Option<PlanActionId>,
}

async fn action_form_page(
    state: &AppState,
    ctx: Ctx,
    community: Community,
    plan: Plan,
    form: ActionForm,
    errors: Errors,
) -> AppResult<ActionFormPage> {
    let (cid, id) = (community.id, plan.id);
    let (objectives, owners, partners) = state
        .db
        .run(move |c| {
            Ok((
                q::objectives(c, id, &q::today())?,
                dir::org_refs_in(c, cid)?,
                q::partner_choices(c, cid)?,
            ))
        })
        .await?;
    Ok(ActionFormPage {
        ctx,
        community,
        plan,
        objectives,
        owners,
        partners,
        form,
        errors,
        action_id: None,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ActionQuery {
    objectif: String,
}

pub(super) async fn action_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PlanId)>,
    Query(aq): Query<ActionQuery>,
) -> AppResult<Response> {
    let (community, plan) = organised(&state, &ctx, &slug, id, Permission::Organise).await?;
    must_be_draft(&plan)?;
    let form = ActionForm {
        objective: aq.objectif,
        budget_currency: DEFAULT_CURRENCY.to_owned(),
        ..Default::default()
    };
    let page = action_form_page(&state, ctx, community, plan, form, Errors::default()).await?;
    render(&page)
}

pub(super) async fn add_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PlanId)>,
    WebForm(f): WebForm<ActionForm>,
) -> AppResult<Response> {
    let (community, plan) = organised(&state, &ctx, &slug, id, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    must_be_draft(&plan)?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check);
    if check.ok() {
        let (p, fl) = (plan.clone(), fields.clone());
        let added = state
            .db
            .tx(move |c| Ok(q::add_action(c, &p, &fl, clock::now())?))
            .await?;
        match added {
            Ok(_) => return Ok(to_plan(&community.slug, id)),
            Err(refusals) => {
                for r in refusals {
                    let (field, key) = r.field_and_key();
                    check.fail(field, key);
                }
            }
        }
    }
    let page = action_form_page(&state, ctx, community, plan, f, check.errors).await?;
    unprocessable(&page)
}

impl ActionForm {
    fn from_fields(f: &ActionFields) -> Self {
        ActionForm {
            csrf: String::new(),
            objective: f.objective_id.to_string(),
            title: f.title.clone(),
            owner: f.owner.to_string(),
            partners: f.partners.iter().map(|p| p.to_string()).collect(),
            due_on: f.due_on.clone(),
            expected_result: f.expected_result.clone(),
            budget_amount: f.budget_amount.map(|n| n.to_string()).unwrap_or_default(),
            budget_currency: f.budget_currency.clone().unwrap_or_default(),
        }
    }
}

/// The form of an existing action of a draft plan (a revision changes its actions).
pub(super) async fn edit_action_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, aid)): Path<(String, PlanId, PlanActionId)>,
) -> AppResult<Response> {
    let (community, plan) = organised(&state, &ctx, &slug, id, Permission::Organise).await?;
    must_be_draft(&plan)?;
    let fields = state
        .db
        .run(move |c| Ok(q::action_fields(c, id, aid)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let form = ActionForm::from_fields(&fields);
    let mut page = action_form_page(&state, ctx, community, plan, form, Errors::default()).await?;
    page.action_id = Some(aid);
    render(&page)
}

pub(super) async fn update_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, aid)): Path<(String, PlanId, PlanActionId)>,
    WebForm(f): WebForm<ActionForm>,
) -> AppResult<Response> {
    let (community, plan) = organised(&state, &ctx, &slug, id, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    must_be_draft(&plan)?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check);
    if check.ok() {
        let p = plan.clone();
        let changed = state
            .db
            .tx(move |c| Ok(q::update_action(c, &p, aid, &fields, clock::now())?))
            .await?;
        match changed {
            Ok(true) => {
                return Ok(Redirect::to(&format!(
                    "/c/{}/plans/{id}/actions/{aid}",
                    community.slug
                ))
                .into_response());
            }
            Ok(false) => return Err(AppError::NotFound),
            Err(refusals) => {
                for r in refusals {
                    let (field, key) = r.field_and_key();
                    check.fail(field, key);
                }
            }
        }
    }
    let mut page = action_form_page(&state, ctx, community, plan, f, check.errors).await?;
    page.action_id = Some(aid);
    unprocessable(&page)
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
