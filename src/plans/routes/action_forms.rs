//! The objectives and actions of a draft plan: add an objective, add an action, change one.
//! Every action goes through the plan's checks (`queries::check_action`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::organised;
use super::plans::{must_be_draft, page_data, plan_page, required_date, to_plan};
use crate::auth::Permission;
use crate::community::Community;
use crate::directory::OrgRef;
use crate::directory::queries as dir;
use crate::error::{AppError, AppResult};
use crate::ids::{ObjectiveId, OrganisationId, PlanActionId, PlanId};
use crate::plans::queries::{self as q, ActionFields};
use crate::plans::{DEFAULT_CURRENCY, Objective, Plan};
use crate::web::{Check, Ctx, Errors, WebForm, forms, render, unprocessable};
use crate::{AppState, clock};

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
