//! An action's page: its history of progress updates and reviews, and the update form of its
//! owners (accounts whose person belongs to the owner organisation) and of the core group.
//! A file given as evidence passes the library's upload checks and becomes a members-only
//! library resource that the update links to.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::readable;
use crate::community::{Community, Visibility};
use crate::error::{AppError, AppResult};
use crate::ids::{PlanActionId, PlanId};
use crate::library::queries::{ResourceFields, StoredFile};
use crate::library::upload;
use crate::library::{Language, ResourceKind};
use crate::plans::queries::reviews as rq;
use crate::plans::queries::updates::{self as uq, UpdateFields};
use crate::plans::queries::{self as q};
use crate::plans::{ActionRow, ActionStatus, Plan, PlanStatus, ReviewMark, Update};
use crate::web::{Check, Ctx, Errors, forms, render, unprocessable};
use crate::{AppState, clock};

#[derive(Default, Clone)]
pub(super) struct UpdateForm {
    csrf: String,
    status: String,
    progress: String,
    note: String,
    evidence_text: String,
    evidence_link: String,
}

#[derive(Template)]
#[template(path = "plans/action.html")]
struct ActionPage {
    ctx: Ctx,
    community: Community,
    plan: Plan,
    action: ActionRow,
    history: Vec<Update>,
    marks: Vec<ReviewMark>,
    may_update: bool,
    statuses: &'static [ActionStatus],
    form: UpdateForm,
    errors: Errors,
    max_mb: i64,
    /// The proposal it came from: (id, title).
    origin: Option<(crate::ids::ProposalId, String)>,
    /// The core group may change the action while the plan is a draft.
    may_edit: bool,
}

/// Whether the visitor may post an update: the core group, or an account that may contribute
/// and whose person belongs to the owner organisation. Observers never write.
async fn may_update(
    state: &AppState,
    ctx: &Ctx,
    plan: &Plan,
    action: &ActionRow,
) -> AppResult<bool> {
    let Some(u) = ctx.user.as_ref() else {
        return Ok(false);
    };
    if u.can_organise(plan.community_id) {
        return Ok(true);
    }
    if !u.can_contribute(plan.community_id) {
        return Ok(false);
    }
    let (uid, owner) = (u.id, action.owner_id);
    state
        .db
        .run(move |c| Ok(uq::speaks_for(c, uid, owner)?))
        .await
}

struct Loaded {
    community: Community,
    plan: Plan,
    action: ActionRow,
    history: Vec<Update>,
    marks: Vec<ReviewMark>,
    origin: Option<(crate::ids::ProposalId, String)>,
}

async fn load(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: PlanId,
    aid: PlanActionId,
) -> AppResult<Loaded> {
    let (community, plan) = readable(state, ctx, slug, id).await?;
    let (action, history, marks, origin) = state
        .db
        .run(move |c| {
            let origin = crate::proposals::queries::origin_of_plan_action(c, aid)?;
            let action = q::action(c, id, aid, &q::today())?;
            let history = uq::history(c, aid)?;
            let marks: Vec<ReviewMark> = rq::marks_for_plan(c, id)?
                .into_iter()
                .filter(|m| m.action_id == aid)
                .collect();
            Ok((action, history, marks, origin))
        })
        .await?;
    let action = action.ok_or(AppError::NotFound)?;
    Ok(Loaded {
        community,
        plan,
        action,
        history,
        marks,
        origin,
    })
}

fn action_page(
    ctx: Ctx,
    l: Loaded,
    may_update: bool,
    form: UpdateForm,
    errors: Errors,
) -> ActionPage {
    let may_edit = ctx
        .user
        .as_ref()
        .is_some_and(|u| u.can_organise(l.plan.community_id))
        && l.plan.status == PlanStatus::Draft;
    ActionPage {
        community: l.community,
        plan: l.plan,
        action: l.action,
        history: l.history,
        marks: l.marks,
        may_update,
        statuses: ActionStatus::all(),
        form,
        errors,
        max_mb: (upload::MAX_BYTES / (1024 * 1024)) as i64,
        may_edit,
        origin: l.origin,
        ctx,
    }
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, aid)): Path<(String, PlanId, PlanActionId)>,
) -> AppResult<Response> {
    let l = load(&state, &ctx, &slug, id, aid).await?;
    let may = may_update(&state, &ctx, &l.plan, &l.action).await?;
    let form = UpdateForm {
        status: l.action.status.code().to_owned(),
        progress: l.action.progress.to_string(),
        ..Default::default()
    };
    render(&action_page(ctx, l, may, form, Errors::default()))
}

/// Checks an evidence file off the async threads, with the library's checks.
async fn check_file(
    check: &mut Check,
    file: Option<forms::Upload>,
) -> AppResult<Option<StoredFile>> {
    let Some(file) = file else {
        return Ok(None);
    };
    let bytes = file.bytes;
    let checked = tokio::task::spawn_blocking(move || {
        upload::check(&bytes).map(|kind| {
            let text = upload::extract_text(kind, &bytes).unwrap_or_default();
            (kind, text, bytes)
        })
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    match checked {
        Ok((kind, text, bytes)) => Ok(Some(StoredFile {
            name: crate::library::routes::download_name(&file.file_name, kind),
            kind,
            data: bytes.to_vec(),
            text,
        })),
        Err(refusal) => {
            check.fail("file", &format!("upload-{}", refusal.code()));
            Ok(None)
        }
    }
}

pub(super) async fn post_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, aid)): Path<(String, PlanId, PlanActionId)>,
    multipart: Multipart,
) -> AppResult<Response> {
    let mut m = forms::MultipartForm::read(multipart, "file", 20_000).await?;
    let form = UpdateForm {
        csrf: m.get("csrf"),
        status: m.get("status"),
        progress: m.get("progress"),
        note: m.get("note"),
        evidence_text: m.get("evidence_text"),
        evidence_link: m.get("evidence_link"),
    };
    let l = load(&state, &ctx, &slug, id, aid).await?;
    let user = ctx.user()?.clone();
    ctx.check_csrf(&form.csrf)?;
    if !may_update(&state, &ctx, &l.plan, &l.action).await? {
        return Err(AppError::Forbidden);
    }
    let mut check = Check::new(ctx.tr);
    let status: ActionStatus = check.pick("status", &form.status);
    let progress = match form
        .progress
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse::<i64>()
    {
        Ok(n) if (0..=100).contains(&n) => n,
        Ok(_) => {
            check.fail("progress", "plan-progress-range");
            0
        }
        Err(_) => {
            check.fail("progress", "plan-progress-range");
            0
        }
    };
    let note = check
        .optional("note", &form.note, forms::LONG)
        .unwrap_or_default();
    let evidence_text = check.optional("evidence_text", &form.evidence_text, forms::LONG);
    let evidence_link = check.optional_url("evidence_link", &form.evidence_link);
    let file = check_file(&mut check, m.file.take()).await?;
    if !check.ok() {
        let may = true;
        return unprocessable(&action_page(ctx, l, may, form, check.errors));
    }
    let (cid, owner) = (l.community.id, l.action.owner_id);
    let title = format!("{} · {}", ctx.t("plan-evidence-of"), l.action.title);
    let title: String = title.chars().take(forms::SHORT).collect();
    state
        .db
        .tx(move |c| {
            let now = clock::now();
            let evidence_resource_id = match file {
                Some(file) => {
                    let fields = ResourceFields {
                        kind: ResourceKind::Report,
                        title,
                        body: String::new(),
                        link: None,
                        language: Language::Fr,
                        visibility: Visibility::Community,
                        organisation_id: Some(owner),
                        themes: Vec::new(),
                    };
                    Some(crate::library::queries::create(
                        c,
                        cid,
                        &fields,
                        Some(file),
                        user.id,
                        now,
                    )?)
                }
                None => None,
            };
            let f = UpdateFields {
                status,
                progress,
                note,
                evidence_text,
                evidence_link,
                evidence_resource_id,
            };
            Ok(uq::add(c, aid, &f, Some(user.id), now)?)
        })
        .await?;
    Ok(Redirect::to(&format!("/c/{}/plans/{id}/actions/{aid}", l.community.slug)).into_response())
}
