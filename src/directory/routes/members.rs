//! Memberships: adding an organisation of the directory to a community.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::check_membership;
use crate::AppState;
use crate::auth::Permission;
use crate::community::Community;
use crate::community::enter;
use crate::directory::queries as q;
use crate::directory::{Candidate, MemberRole};
use crate::error::AppResult;
use crate::web::unprocessable;
use crate::web::{Check, Ctx, Errors, WebForm, render};

#[derive(Template)]
#[template(path = "directory/add_member.html")]
struct AddMemberPage {
    ctx: Ctx,
    community: Community,
    q: String,
    candidates: Vec<Candidate>,
    roles: &'static [MemberRole],
    errors: Errors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SearchQuery {
    q: String,
}

async fn add_member_page(
    state: &AppState,
    ctx: Ctx,
    community: Community,
    needle: String,
    errors: Errors,
) -> AppResult<Response> {
    let cid = community.id;
    let n = needle.clone();
    let candidates = if needle.trim().is_empty() {
        Vec::new()
    } else {
        state
            .db
            .run(move |c| Ok(q::candidates(c, cid, &n, 25)?))
            .await?
    };
    let failed = !errors.is_empty();
    let page = AddMemberPage {
        ctx,
        community,
        q: needle,
        candidates,
        roles: MemberRole::all(),
        errors,
    };
    if failed {
        unprocessable(&page)
    } else {
        render(&page)
    }
}

pub(super) async fn add_member_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(sq): Query<SearchQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let needle: String = sq.q.chars().take(100).collect();
    add_member_page(&state, ctx, community, needle, Errors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AddMemberForm {
    csrf: String,
    organisation: String,
    role: String,
    since: String,
    q: String,
}

pub(super) async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<AddMemberForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let org_id = check.optional_id("organisation", &f.organisation);
    let membership = check_membership(&mut check, &f.role, &f.since, "");
    if org_id.is_none() {
        check.fail("organisation", "form-required");
    }
    let cid = community.id;
    if check.ok() {
        let org_id = org_id.unwrap_or_default();
        let added = state
            .db
            .tx(move |c| {
                if !q::org_exists(c, org_id)? {
                    return Ok(None);
                }
                Ok(Some(q::add_membership(c, cid, org_id, &membership)?))
            })
            .await?;
        match added {
            Some(true) => {
                return Ok(
                    Redirect::to(&format!("/c/{}/organisations/{org_id}", community.slug))
                        .into_response(),
                );
            }
            Some(false) => check.fail("organisation", "member-already"),
            None => check.fail("organisation", "form-bad-choice"),
        }
    }
    let needle: String = f.q.chars().take(100).collect();
    add_member_page(&state, ctx, community, needle, check.errors).await
}
