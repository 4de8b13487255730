//! Committee pages (list, page, forms) and the candidate pages behind the access rule
//! (`may_see_candidates`): list, record, forms, path, coaching sessions, export, anonymise
//! and erase. Candidate responses are never cached (`Cache-Control: no-store`). One file per
//! concern: committees.rs, candidates.rs, sessions.rs; the shared door (`guarded`) is here.

mod candidates;
mod committees;
mod sessions;

use candidates::*;
use committees::*;
use sessions::*;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::candidates::{self as cq, Candidate, CandidateFields, Personal, Session, SessionFields};
use super::queries::{self as q, CommitteeFields};
use super::{
    CandidateRow, Committee, CommitteeRow, ConsentHow, Figures, Member, Office, PUBLIC_THRESHOLD,
    SessionRow, Stage, may_see_candidates,
};
use crate::auth::Permission;
use crate::community::{Community, CommunityRef, enter, queries as communities};
use crate::crypto::{self, DataKey};
use crate::error::{AppError, AppResult};
use crate::ids::{CandidateId, CoachingId, CommitteeId, CommunityId, PersonId, UserId};
use crate::web::{Check, Ctx, Errors, WebForm, forms, redirect, render, unprocessable};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    let k = "/c/{slug}/comites/{id}";
    Router::new()
        .route("/c/{slug}/comites", get(list))
        .route("/c/{slug}/comites/nouveau", get(new_form).post(create))
        .route(k, get(page))
        .route(&format!("{k}/modifier"), get(edit_form).post(update))
        .route(&format!("{k}/candidates"), get(candidates))
        .route(
            &format!("{k}/candidates/nouvelle"),
            get(new_candidate_form).post(create_candidate),
        )
        .route(&format!("{k}/export.csv"), get(export))
        .route(&format!("{k}/candidates/{{cid}}"), get(candidate))
        .route(
            &format!("{k}/candidates/{{cid}}/modifier"),
            get(edit_candidate_form).post(update_candidate),
        )
        .route(&format!("{k}/candidates/{{cid}}/etape"), post(set_stage))
        .route(
            &format!("{k}/candidates/{{cid}}/anonymiser"),
            post(anonymise),
        )
        .route(&format!("{k}/candidates/{{cid}}/effacer"), post(erase))
        .route(
            &format!("{k}/seances/nouvelle"),
            get(new_session_form).post(create_session),
        )
        .route(&format!("{k}/seances/{{sid}}"), get(session))
}

impl forms::Choice for Member {
    type Id = PersonId;
    fn choice_id(&self) -> PersonId {
        self.id
    }
}

impl forms::Choice for CommunityRef {
    type Id = CommunityId;
    fn choice_id(&self) -> CommunityId {
        self.id
    }
}

/// No copy of a candidate page in any cache.
fn private(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn refused(ctx: &Ctx) -> AppError {
    if ctx.user.is_some() {
        AppError::Forbidden
    } else {
        AppError::LoginRequired
    }
}

async fn committee_in(state: &AppState, cid: CommunityId, id: CommitteeId) -> AppResult<Committee> {
    state.db.found(move |c| q::get_in(c, cid, id)).await
}

// ---- Candidates: every handler below starts with `guarded` ----

/// The door to the candidate pages: the committee, the data key and the account, or the
/// refusal of [`may_see_candidates`].
async fn guarded(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: CommitteeId,
) -> AppResult<(Community, Committee, DataKey, UserId)> {
    let community = enter(state, ctx, slug, Permission::See).await?;
    let committee = committee_in(state, community.id, id).await?;
    let (k, user) = (committee.clone(), ctx.user.clone());
    let allowed = state
        .db
        .run(move |c| Ok(may_see_candidates(c, user.as_ref(), &k)?))
        .await?;
    if !allowed {
        // A refused account is written down too: who tried to read what, and when.
        if let Some(user) = ctx.user.as_ref().map(|u| u.id) {
            state
                .db
                .tx(move |c| {
                    Ok(crate::audit::record(
                        c,
                        Some(user),
                        "candidate.refused",
                        "committee",
                        id,
                        "",
                    )?)
                })
                .await?;
        }
        return Err(refused(ctx));
    }
    let key = crypto::key(&state.config)?;
    Ok((community, committee, key, ctx.user()?.id))
}
