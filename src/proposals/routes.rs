//! Proposal pages: the list of a community, the form, one proposal with its supports,
//! comments and the core group's decision.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::queries::{self as q, ProposalFields};
use super::{Comment, Proposal, ProposalKind, ProposalRow, ProposalState};
use crate::activities::ActivityKind;
use crate::activities::queries::{self as activities, ActivityFields};
use crate::auth::Permission;
use crate::community::queries as communities;
use crate::community::{Community, CommunityRef, enter};
use crate::directory::OrgRef;
use crate::directory::queries as dir;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, Tr};
use crate::ids::{CommunityId, ObjectiveId, OrganisationId, ProposalId};
use crate::plans::queries as plans;
use crate::web::{
    Check, Ctx, Errors, Listing, Pager, WebForm, base_url, forms, render, unprocessable,
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

// ---- list ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    etat: String,
    page: String,
}

#[derive(Template)]
#[template(path = "proposals/list.html")]
struct ListPage {
    ctx: Ctx,
    community: Community,
    proposals: Vec<ProposalRow>,
    pager: Pager,
    filter: ListQuery,
    states: &'static [ProposalState],
    can_propose: bool,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(mut fq): Query<ListQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    let cid = community.id;
    let wanted: Option<ProposalState> = forms::code_filter(&mut fq.etat);
    let list = Listing::new(&fq.page, &[("etat", &fq.etat)]);
    let offset = list.offset();
    let (total, proposals) = state
        .db
        .cached(list.key("proposals", cid), move |c| {
            Ok(q::list(c, cid, wanted, offset, Pager::PER_PAGE)?)
        })
        .await?;
    let pager = list.pager(total);
    let can_propose = can_contribute(&ctx, cid);
    render(&ListPage {
        ctx,
        community,
        proposals,
        pager,
        filter: fq,
        states: ProposalState::all(),
        can_propose,
    })
}

// ---- the form ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProposalForm {
    csrf: String,
    kind: String,
    title: String,
    body: String,
    /// "": the proposer themselves; "community": on behalf of the community; or an
    /// organisation's id.
    on_behalf: String,
    targets: Vec<String>,
}

impl ProposalForm {
    fn has_target(&self, id: &CommunityId) -> bool {
        self.targets.contains(&id.to_string())
    }

    fn check(
        &self,
        check: &mut Check,
        choices: &Choices,
        may_speak_for_community: bool,
    ) -> ProposalFields {
        let kind: ProposalKind = check.pick("kind", &self.kind);
        let title = check.required("title", &self.title, forms::SHORT);
        let body = check.required("body", &self.body, forms::LONG);
        let (mut organisation_id, mut on_behalf_of_community) = (None, false);
        match self.on_behalf.trim() {
            "" => {}
            "community" if may_speak_for_community => on_behalf_of_community = true,
            other => match other.parse::<OrganisationId>() {
                Ok(id) if choices.orgs.iter().any(|o| o.id == id) => organisation_id = Some(id),
                _ => check.fail("on_behalf", "form-bad-choice"),
            },
        }
        let mut targets = Vec::new();
        for t in &self.targets {
            match t.parse::<CommunityId>() {
                Ok(id) if choices.linked.iter().any(|l| l.id == id) => {
                    if !targets.contains(&id) {
                        targets.push(id);
                    }
                }
                _ => check.fail("targets", "proposal-target-not-linked"),
            }
        }
        ProposalFields {
            kind,
            title,
            body,
            organisation_id,
            on_behalf_of_community,
            targets,
        }
    }
}

struct Choices {
    orgs: Vec<OrgRef>,
    /// The communities linked to this one, to which a proposal may also be addressed.
    linked: Vec<CommunityRef>,
}

async fn choices(state: &AppState, cid: CommunityId) -> AppResult<Choices> {
    state
        .db
        .run(move |c| {
            Ok(Choices {
                orgs: dir::org_refs_in(c, cid)?,
                linked: communities::links(c, cid)?
                    .into_iter()
                    .map(|l| l.other)
                    .collect(),
            })
        })
        .await
}

#[derive(Template)]
#[template(path = "proposals/form.html")]
struct FormPage {
    ctx: Ctx,
    community: Community,
    form: ProposalForm,
    choices: Choices,
    kinds: &'static [ProposalKind],
    may_speak_for_community: bool,
    errors: Errors,
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Contribute).await?;
    let choices = choices(&state, community.id).await?;
    let may_speak_for_community = can_organise(&ctx, community.id);
    render(&FormPage {
        ctx,
        community,
        form: ProposalForm {
            kind: ProposalKind::Activity.code().to_owned(),
            ..Default::default()
        },
        choices,
        kinds: ProposalKind::all(),
        may_speak_for_community,
        errors: Errors::default(),
    })
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<ProposalForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Contribute).await?;
    ctx.check_csrf(&f.csrf)?;
    let choices = choices(&state, community.id).await?;
    let may_speak_for_community = can_organise(&ctx, community.id);
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &choices, may_speak_for_community);
    if !check.ok() {
        return unprocessable(&FormPage {
            ctx,
            community,
            form: f,
            choices,
            kinds: ProposalKind::all(),
            may_speak_for_community,
            errors: check.errors,
        });
    }
    let (cid, user_id) = (community.id, ctx.user()?.id);
    let id = state
        .db
        .tx(move |c| Ok(q::create(c, cid, &fields, user_id, clock::now())?))
        .await?;
    Ok(Redirect::to(&format!("/c/{}/propositions/{id}", community.slug)).into_response())
}

// ---- one proposal ----

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

#[derive(Template)]
#[template(path = "proposals/page.html")]
struct ProposalPage {
    ctx: Ctx,
    community: Community,
    proposal: Proposal,
    body_html: String,
    comments: Vec<Comment>,
    supported: bool,
    can_contribute: bool,
    /// The core group of the proposal's home community, seen from there.
    can_decide: bool,
    activity_kinds: &'static [ActivityKind],
    /// For the core group: the objectives of the community's plans, and its organisations.
    objectives: Vec<(ObjectiveId, String)>,
    orgs: Vec<OrgRef>,
    decision: DecisionForm,
    comment: CommentForm,
    errors: Errors,
}

async fn load(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: ProposalId,
    permission: Permission,
) -> AppResult<(Community, Proposal)> {
    let community = enter(state, ctx, slug, permission).await?;
    let cid = community.id;
    let proposal = state
        .db
        .run(move |c| Ok(q::get(c, cid, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((community, proposal))
}

async fn show(
    state: &AppState,
    ctx: Ctx,
    community: Community,
    proposal: Proposal,
    decision: DecisionForm,
    comment: CommentForm,
    errors: Errors,
) -> AppResult<ProposalPage> {
    let id = proposal.id;
    let user = ctx.user.as_ref().map(|u| u.id);
    let can_decide = community.id == proposal.community_id
        && can_organise(&ctx, proposal.community_id)
        && proposal.state == ProposalState::Open;
    let home = proposal.community_id;
    let (comments, supported, (objectives, orgs)) = state
        .db
        .run(move |c| {
            let supported = match user {
                Some(u) => q::supports(c, id, u)?,
                None => false,
            };
            let choices = if can_decide {
                (q::objective_choices(c, home)?, dir::org_refs_in(c, home)?)
            } else {
                (Vec::new(), Vec::new())
            };
            Ok((q::comments(c, id)?, supported, choices))
        })
        .await?;
    Ok(ProposalPage {
        can_contribute: can_contribute(&ctx, community.id),
        body_html: crate::text::markdown(&proposal.body),
        ctx,
        community,
        proposal,
        comments,
        supported,
        can_decide,
        activity_kinds: ActivityKind::all(),
        objectives,
        orgs,
        decision,
        comment,
        errors,
    })
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ProposalId)>,
) -> AppResult<Response> {
    let (community, proposal) = load(&state, &ctx, &slug, id, Permission::Member).await?;
    let page = show(
        &state,
        ctx,
        community,
        proposal,
        DecisionForm::default(),
        CommentForm::default(),
        Errors::default(),
    )
    .await?;
    render(&page)
}

/// The proposal's page again, with the refused decision form and its messages (422).
async fn refused_decision(
    state: &AppState,
    ctx: Ctx,
    community: Community,
    proposal: Proposal,
    decision: DecisionForm,
    errors: Errors,
) -> AppResult<Response> {
    let page = show(
        state,
        ctx,
        community,
        proposal,
        decision,
        CommentForm::default(),
        errors,
    )
    .await?;
    unprocessable(&page)
}

fn back(community: &Community, id: ProposalId, anchor: &str) -> AppResult<Response> {
    Ok(Redirect::to(&format!("/c/{}/propositions/{id}{anchor}", community.slug)).into_response())
}

async fn support(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ProposalId)>,
    WebForm(f): WebForm<CommentForm>,
) -> AppResult<Response> {
    let (community, proposal) = load(&state, &ctx, &slug, id, Permission::Contribute).await?;
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.user()?.id;
    let on = f.on == "1";
    let pid = proposal.id;
    state
        .db
        .tx(move |c| Ok(q::set_support(c, pid, user, on, clock::now())?))
        .await?;
    back(&community, id, "")
}

async fn comment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ProposalId)>,
    WebForm(f): WebForm<CommentForm>,
) -> AppResult<Response> {
    let (community, proposal) = load(&state, &ctx, &slug, id, Permission::Contribute).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let body = check.required("body", &f.body, forms::LONG);
    if !check.ok() {
        let page = show(
            &state,
            ctx,
            community,
            proposal,
            DecisionForm::default(),
            f,
            check.errors,
        )
        .await?;
        return unprocessable(&page);
    }
    let user = ctx.user()?.id;
    state
        .db
        .tx(move |c| Ok(q::add_comment(c, id, user, &body, clock::now())?))
        .await?;
    back(&community, id, "#commentaires")
}

/// The decision forms post from the proposal's home community, by its core group.
async fn decidable(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: ProposalId,
) -> AppResult<(Community, Proposal)> {
    let (community, proposal) = load(state, ctx, slug, id, Permission::Organise).await?;
    if proposal.community_id != community.id {
        return Err(AppError::Forbidden);
    }
    Ok((community, proposal))
}

async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ProposalId)>,
    WebForm(f): WebForm<DecisionForm>,
) -> AppResult<Response> {
    let (community, proposal) = decidable(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    if proposal.state != ProposalState::Open {
        return back(&community, id, "");
    }
    let mut check = Check::new(ctx.tr);
    let kind: ActivityKind = check.pick("kind", &f.kind);
    let starts = crate::activities::routes::check_datetime(&mut check, "starts_at", &f.starts_at);
    let ends = crate::activities::routes::check_datetime(&mut check, "ends_at", &f.ends_at);
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        check.fail("ends_at", "form-end-before-start");
    }
    let online_url = check.optional_url("online_url", &f.online_url);
    if kind == ActivityKind::Webinar && online_url.is_none() {
        check.fail("online_url", "activity-webinar-needs-link");
    }
    if !check.ok() {
        return refused_decision(&state, ctx, community, proposal, f, check.errors).await;
    }
    let fields = ActivityFields {
        kind,
        title: proposal.title.clone(),
        starts_at: starts.map(clock::iso_datetime).unwrap_or_default(),
        ends_at: ends.map(clock::iso_datetime).unwrap_or_default(),
        place: None,
        online_url,
        agenda: proposal.body.clone(),
        speakers: String::new(),
        is_public: false,
        themes: Vec::new(),
        guests: proposal.targets.iter().map(|t| t.id).collect(),
    };
    let (cid, user) = (community.id, ctx.user()?.id);
    let activity = state
        .db
        .tx(move |c| {
            let now = clock::now();
            // Decided meanwhile (a second click, another coordinator): nothing is written.
            if !q::decide(c, cid, id, ProposalState::Accepted, None, user, now)? {
                return Ok(None);
            }
            let activity = activities::create(c, cid, &fields, now)?;
            q::set_activity(c, id, activity)?;
            Ok(Some(activity))
        })
        .await?;
    match activity {
        // The core group completes the planned activity (place, agenda, themes).
        Some(activity) => Ok(Redirect::to(&format!(
            "/c/{}/activites/{activity}/modifier",
            community.slug
        ))
        .into_response()),
        None => back(&community, id, ""),
    }
}

async fn decline(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, ProposalId)>,
    WebForm(f): WebForm<DecisionForm>,
) -> AppResult<Response> {
    let (community, proposal) = decidable(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let note = check.required("note", &f.note, forms::LONG);
    if !check.ok() {
        return refused_decision(&state, ctx, community, proposal, f, check.errors).await;
    }
    let (cid, user) = (community.id, ctx.user()?.id);
    let url = format!(
        "{}/c/{}/propositions/{id}",
        base_url(&state, &headers),
        community.slug
    );
    let title = proposal.title.clone();
    state
        .db
        .tx(move |c| {
            let now = clock::now();
            if q::decide(c, cid, id, ProposalState::Declined, Some(&note), user, now)?
                && let Some((to, locale)) = q::proposer_contact(c, id)?
            {
                let tr = Tr::new(Locale::parse(&locale).unwrap_or_default());
                let subject = tr.t1("proposal-declined-subject", "title", &title);
                let body = tr.t_args(
                    "proposal-declined-body",
                    &[
                        ("title", title.clone()),
                        ("reason", note.clone()),
                        ("url", url),
                    ],
                );
                mail::enqueue(c, &to, &subject, &body)?;
            }
            Ok(())
        })
        .await?;
    back(&community, id, "")
}

/// Accepts a proposal as an action of one of the community's plans, with the same checks as
/// the plan's own action form (owner a member, due date within the plan's period).
async fn to_plan_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ProposalId)>,
    WebForm(f): WebForm<DecisionForm>,
) -> AppResult<Response> {
    let (community, proposal) = decidable(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    if proposal.state != ProposalState::Open {
        return back(&community, id, "");
    }
    let mut check = Check::new(ctx.tr);
    let objective = check.optional_id::<ObjectiveId>("objective", &f.objective);
    if objective.is_none() && check.errors.get("objective").is_none() {
        check.fail("objective", "form-required");
    }
    let owner = check.optional_id::<OrganisationId>("owner", &f.owner);
    if owner.is_none() && check.errors.get("owner").is_none() {
        check.fail("owner", "form-required");
    }
    let due_on = check.optional_date("due_on", &f.due_on);
    if due_on.is_none() && check.errors.get("due_on").is_none() {
        check.fail("due_on", "form-required");
    }
    let expected_result = check
        .optional("expected_result", &f.expected_result, forms::LONG)
        .unwrap_or_default();
    let cid = community.id;
    let user = ctx.user()?.id;
    let outcome = match (check.ok(), objective, owner, due_on) {
        (true, Some(objective), Some(owner), Some(due_on)) => {
            let fields = plans::ActionFields {
                objective_id: objective,
                title: proposal.title.clone(),
                owner,
                partners: Vec::new(),
                due_on,
                expected_result,
                budget_amount: None,
                budget_currency: None,
            };
            state
                .db
                .tx(move |c| {
                    let Some(plan_id) = q::plan_of_objective(c, cid, objective)? else {
                        return Ok(Err(vec![plans::ActionRefusal::Objective]));
                    };
                    let Some(plan) = plans::get(c, cid, plan_id)? else {
                        return Ok(Err(vec![plans::ActionRefusal::Objective]));
                    };
                    let refusals = plans::check_action(c, &plan, &fields)?;
                    if !refusals.is_empty() {
                        return Ok(Err(refusals));
                    }
                    let now = clock::now();
                    // Decided meanwhile: nothing is written.
                    if !q::decide(c, cid, id, ProposalState::Accepted, None, user, now)? {
                        return Ok(Ok(None));
                    }
                    let action = plans::insert_action(c, plan.id, &fields, now)?;
                    q::set_plan_action(c, id, action)?;
                    Ok(Ok(Some((plan.id, action))))
                })
                .await?
        }
        _ => Err(Vec::new()),
    };
    match outcome {
        Ok(Some((plan, action))) => Ok(Redirect::to(&format!(
            "/c/{}/plans/{plan}/actions/{action}",
            community.slug
        ))
        .into_response()),
        Ok(None) => back(&community, id, ""),
        Err(refusals) => {
            for r in refusals {
                let (field, key) = r.field_and_key();
                let field = match field {
                    "objective" | "owner" | "due_on" => field,
                    _ => "objective",
                };
                check.fail(field, key);
            }
            refused_decision(&state, ctx, community, proposal, f, check.errors).await
        }
    }
}
