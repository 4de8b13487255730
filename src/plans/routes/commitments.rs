//! Commitments: the list with the pledge form (core group), and the assessment form.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::plans::required_date;
use crate::auth::Permission;
use crate::community::{Community, enter};
use crate::directory::OrgRef;
use crate::directory::queries as dir;
use crate::error::{AppError, AppResult};
use crate::ids::{CommitmentId, OrganisationId};
use crate::plans::queries::commitments::{self as kq, AssessmentFields, CommitmentFields};
use crate::plans::{Commitment, Kept};
use crate::web::{Check, Ctx, Errors, WebForm, forms, render, unprocessable};
use crate::{AppState, clock};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct CommitmentForm {
    csrf: String,
    organisation: String,
    pledge: String,
    measure: String,
    due_on: String,
}

#[derive(Template)]
#[template(path = "plans/commitments.html")]
struct ListPage {
    ctx: Ctx,
    community: Community,
    commitments: Vec<Commitment>,
    orgs: Vec<OrgRef>,
    can_write: bool,
    form: CommitmentForm,
    errors: Errors,
}

async fn list_page(
    state: &AppState,
    ctx: Ctx,
    community: Community,
    form: CommitmentForm,
    errors: Errors,
) -> AppResult<ListPage> {
    let cid = community.id;
    let (commitments, orgs) = state
        .db
        .run(move |c| Ok((kq::list(c, cid)?, dir::org_refs_in(c, cid)?)))
        .await?;
    let can_write = ctx.user.as_ref().is_some_and(|u| u.can_organise(cid));
    Ok(ListPage {
        ctx,
        community,
        commitments,
        orgs,
        can_write,
        form,
        errors,
    })
}

pub(super) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    let page = list_page(
        &state,
        ctx,
        community,
        CommitmentForm::default(),
        Errors::default(),
    )
    .await?;
    render(&page)
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<CommitmentForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    let cid = community.id;
    let orgs = state.db.run(move |c| Ok(dir::org_refs_in(c, cid)?)).await?;
    let mut check = Check::new(ctx.tr);
    let organisation_id: Option<OrganisationId> =
        check.optional_id("organisation", &f.organisation);
    if organisation_id.is_some_and(|o| !orgs.iter().any(|x| x.id == o)) {
        check.fail("organisation", "plan-action-owner-not-member");
    }
    let fields = CommitmentFields {
        organisation_id,
        pledge: check.required("pledge", &f.pledge, forms::SHORT * 2),
        measure: check
            .optional("measure", &f.measure, forms::LONG)
            .unwrap_or_default(),
        due_on: required_date(&mut check, "due_on", &f.due_on),
    };
    if !check.ok() {
        let page = list_page(&state, ctx, community, f, check.errors).await?;
        return unprocessable(&page);
    }
    let user_id = ctx.user()?.id;
    state
        .db
        .tx(move |c| Ok(kq::create(c, cid, &fields, Some(user_id), clock::now())?))
        .await?;
    Ok(Redirect::to(&format!("/c/{}/engagements", community.slug)).into_response())
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct AssessForm {
    csrf: String,
    assessment: String,
    assessed_on: String,
    evidence_text: String,
    evidence_link: String,
}

#[derive(Template)]
#[template(path = "plans/assess.html")]
struct AssessPage {
    ctx: Ctx,
    community: Community,
    commitment: Commitment,
    kinds: &'static [Kept],
    form: AssessForm,
    errors: Errors,
}

async fn commitment(
    state: &AppState,
    community: &Community,
    id: CommitmentId,
) -> AppResult<Commitment> {
    let cid = community.id;
    state
        .db
        .run(move |c| Ok(kq::get(c, cid, id)?))
        .await?
        .ok_or(AppError::NotFound)
}

pub(super) async fn assess_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitmentId)>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Organise).await?;
    let commitment = commitment(&state, &community, id).await?;
    let form = AssessForm {
        assessment: commitment
            .assessment
            .map(|k| k.code().to_owned())
            .unwrap_or_default(),
        assessed_on: commitment
            .assessed_on
            .clone()
            .unwrap_or_else(crate::plans::queries::today),
        evidence_text: commitment.evidence_text.clone().unwrap_or_default(),
        evidence_link: commitment.evidence_link.clone().unwrap_or_default(),
        ..Default::default()
    };
    render(&AssessPage {
        ctx,
        community,
        commitment,
        kinds: Kept::all(),
        form,
        errors: Errors::default(),
    })
}

pub(super) async fn assess(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitmentId)>,
    WebForm(f): WebForm<AssessForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    let commitment = commitment(&state, &community, id).await?;
    let mut check = Check::new(ctx.tr);
    let fields = AssessmentFields {
        assessment: check.pick("assessment", &f.assessment),
        assessed_on: required_date(&mut check, "assessed_on", &f.assessed_on),
        evidence_text: check.optional("evidence_text", &f.evidence_text, forms::LONG),
        evidence_link: check.optional_url("evidence_link", &f.evidence_link),
    };
    if !check.ok() {
        return unprocessable(&AssessPage {
            ctx,
            community,
            commitment,
            kinds: Kept::all(),
            form: f,
            errors: check.errors,
        });
    }
    let user_id = ctx.user()?.id;
    state
        .db
        .tx(move |c| Ok(kq::assess(c, id, &fields, Some(user_id))?))
        .await?;
    Ok(Redirect::to(&format!("/c/{}/engagements", community.slug)).into_response())
}
