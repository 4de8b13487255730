//! Proposal pages: the list of a community, the form, one proposal with its supports,
//! comments and the core group's decision. One file per concern: proposals.rs (list and
//! form), page.rs (one proposal, support, comments), decisions.rs (accept, decline, accept as
//! a plan action); the shared door (`load`) is here.

mod decisions;
mod page;
mod proposals;

use decisions::*;
use page::*;
use proposals::*;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::queries::{self as q, ProposalFields};
use super::{Comment, Proposal, ProposalKind, ProposalRow, ProposalState};
use crate::activities::ActivityKind;
use crate::activities::queries::{self as activities, ActivityFields};
use crate::auth::Permission;
use crate::community::queries as communities;
use crate::community::{Community, CommunityRef, enter, enter_record};
use crate::directory::OrgRef;
use crate::directory::queries as dir;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, Tr};
use crate::ids::{CommunityId, ObjectiveId, OrganisationId, ProposalId};
use crate::plans::queries as plans;
use crate::web::{
    Check, Ctx, Errors, Listing, Pager, WebForm, base_url, forms, redirect, render, unprocessable,
};
use crate::{AppState, clock, mail};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/propositions", get(list))
        .route(
            "/c/{slug}/propositions/nouvelle",
            get(new_form).post(create),
        )
        .route("/c/{slug}/propositions/{id}", get(page))
        .route("/c/{slug}/propositions/{id}/soutien", post(support))
        .route("/c/{slug}/propositions/{id}/commentaires", post(comment))
        .route("/c/{slug}/propositions/{id}/accepter", post(accept))
        .route("/c/{slug}/propositions/{id}/refuser", post(decline))
        .route(
            "/c/{slug}/propositions/{id}/en-action",
            post(to_plan_action),
        )
}

fn can_organise(ctx: &Ctx, cid: CommunityId) -> bool {
    ctx.user.as_ref().is_some_and(|u| u.can_organise(cid))
}

fn can_contribute(ctx: &Ctx, cid: CommunityId) -> bool {
    ctx.user.as_ref().is_some_and(|u| u.can_contribute(cid))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionForm {
    csrf: String,
    note: String,
    kind: String,
    starts_at: String,
    ends_at: String,
    online_url: String,
    objective: String,
    owner: String,
    due_on: String,
    expected_result: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CommentForm {
    csrf: String,
    body: String,
    /// For support: "1" to support, anything else to take it back.
    on: String,
}

async fn load(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: ProposalId,
    permission: Permission,
) -> AppResult<(Community, Proposal)> {
    enter_record(state, ctx, slug, permission, move |c, cid| {
        q::get(c, cid, id)
    })
    .await
}

fn back(community: &Community, id: ProposalId, anchor: &str) -> AppResult<Response> {
    redirect(&format!("/c/{}/propositions/{id}{anchor}", community.slug))
}
