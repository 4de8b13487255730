//! One proposal: its page, support and comments.

use super::*;

// ---- one proposal ----

#[derive(Template)]
#[template(path = "proposals/page.html")]
pub(super) struct ProposalPage {
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

/// The page, with its two forms (`forms`: the decision's and the comment's) and their
/// messages.
pub(super) async fn show(
    state: &AppState,
    ctx: Ctx,
    community: Community,
    proposal: Proposal,
    (decision, comment): (DecisionForm, CommentForm),
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

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ProposalId)>,
) -> AppResult<Response> {
    let (community, proposal) = load(&state, &ctx, &slug, id, Permission::Member).await?;
    let forms = Default::default();
    render(&show(&state, ctx, community, proposal, forms, Errors::default()).await?)
}

/// The proposal's page again, with the refused decision form and its messages (422).
pub(super) async fn refused_decision(
    state: &AppState,
    ctx: Ctx,
    community: Community,
    proposal: Proposal,
    decision: DecisionForm,
    errors: Errors,
) -> AppResult<Response> {
    let forms = (decision, CommentForm::default());
    unprocessable(&show(state, ctx, community, proposal, forms, errors).await?)
}

pub(super) async fn support(
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

pub(super) async fn comment(
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
        let forms = (DecisionForm::default(), f);
        return unprocessable(&show(&state, ctx, community, proposal, forms, check.errors).await?);
    }
    let user = ctx.user()?.id;
    state
        .db
        .tx(move |c| Ok(q::add_comment(c, id, user, &body, clock::now())?))
        .await?;
    back(&community, id, "#commentaires")
}
