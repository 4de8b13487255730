//! Outcomes of an activity: minutes, decisions and follow-up actions.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::{back_to_activity, organised_activity};
use crate::activities::ActionStatus;
use crate::activities::queries::{self as q, ActionFields};
use crate::directory::queries as dir;
use crate::error::{AppError, AppResult};
use crate::ids::{ActionId, ActivityId};
use crate::web::{Check, Ctx, WebForm, forms};
use crate::{AppState, clock};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TextForm {
    csrf: String,
    text: String,
}

pub(super) async fn save_minutes(
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

pub(super) async fn add_decision(
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
pub(super) struct ActionForm {
    csrf: String,
    title: String,
    owner: String,
    due_on: String,
    status: String,
}

pub(super) async fn add_action(
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

pub(super) async fn set_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, xid)): Path<(String, ActivityId, ActionId)>,
    WebForm(f): WebForm<ActionForm>,
) -> AppResult<Response> {
    let (community, _) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let status = ActionStatus::parse(&f.status).ok_or(AppError::BadRequest)?;
    let found = state
        .db
        .tx(move |c| Ok(q::set_action_status(c, id, xid, status, clock::now())?))
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    back_to_activity(&community, id, "#actions")
}
