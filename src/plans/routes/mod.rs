//! Plan pages: plans and their actions (plans.rs), progress updates (actions.rs),
//! commitments (commitments.rs) and joint reviews (reviews.rs). Who may do what is in
//! docs/architecture.md, "Plans and follow-up".

mod action_forms;
mod actions;
mod commitments;
mod export;
mod plans;
mod reviews;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use super::Plan;
use super::queries as q;
use crate::AppState;
use crate::auth::Permission;
use crate::community::{Community, enter};
use crate::error::{AppError, AppResult};
use crate::ids::{CommunityId, PlanId};
use crate::library::upload;
use crate::web::Ctx;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/plans", get(plans::list))
        .route(
            "/c/{slug}/plans/nouveau",
            get(plans::new_form).post(plans::create),
        )
        .route("/c/{slug}/plans/{id}", get(plans::page))
        .route(
            "/c/{slug}/plans/{id}/modifier",
            get(plans::edit_form).post(plans::update),
        )
        .route(
            "/c/{slug}/plans/{id}/objectifs",
            post(action_forms::add_objective),
        )
        .route(
            "/c/{slug}/plans/{id}/actions/nouvelle",
            get(action_forms::action_form).post(action_forms::add_action),
        )
        .route(
            "/c/{slug}/plans/{id}/actions/{aid}/modifier",
            get(action_forms::edit_action_form).post(action_forms::update_action),
        )
        .route(
            "/c/{slug}/plans/{id}/adopter",
            get(plans::adopt_form).post(plans::adopt),
        )
        .route("/c/{slug}/plans/{id}/reviser", post(plans::revise))
        .route("/c/{slug}/plans/{id}/publier", post(plans::publish))
        .route("/c/{slug}/plans/{id}/versions/{n}", get(plans::version))
        .route("/c/{slug}/plans/{id}/actions/{aid}", get(actions::page))
        .route(
            "/c/{slug}/plans/{id}/actions/{aid}/suivi",
            post(actions::post_update).layer(DefaultBodyLimit::max(upload::MAX_BYTES + 256 * 1024)),
        )
        .route(
            "/c/{slug}/engagements",
            get(commitments::list).post(commitments::create),
        )
        .route(
            "/c/{slug}/engagements/{id}/evaluer",
            get(commitments::assess_form).post(commitments::assess),
        )
        .route("/c/{slug}/revues", get(reviews::list))
        .route(
            "/c/{slug}/revues/nouvelle",
            get(reviews::new_form).post(reviews::create),
        )
        .route("/c/{slug}/revues/{id}", get(reviews::page))
        .route("/c/{slug}/revues/{id}/evaluations", post(reviews::record))
        .merge(export::router())
}

/// Whether the visitor reads every plan of the community (its members), or the public ones.
fn is_member(ctx: &Ctx, cid: CommunityId) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| u.may(Permission::Member, cid))
}

/// The community and a plan the visitor may read: members read every plan, others only the
/// public ones of a community they may see.
async fn readable(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: PlanId,
) -> AppResult<(Community, Plan)> {
    let community = enter(state, ctx, slug, Permission::See).await?;
    let cid = community.id;
    let plan = state
        .db
        .cached(format!("plan-of:{cid}:{id}"), move |c| {
            Ok(q::get(c, cid, id)?)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    if !plan.is_public && !is_member(ctx, cid) {
        return Err(ctx.unseen());
    }
    Ok((community, plan))
}

/// The community and a plan, for the core group's writes.
async fn organised(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: PlanId,
    permission: Permission,
) -> AppResult<(Community, Plan)> {
    let community = enter(state, ctx, slug, permission).await?;
    let cid = community.id;
    let plan = state
        .db
        .run(move |c| Ok(q::get(c, cid, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((community, plan))
}
