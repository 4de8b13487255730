//! The core group's decision on a proposal of its community: accept it as a planned
//! activity, accept it as an action of one of its plans, or decline it with a reason.

use super::*;

/// The decision forms post from the proposal's home community, by its core group, with the
/// form's token (`csrf`).
pub(super) async fn decidable(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: ProposalId,
    csrf: &str,
) -> AppResult<(Community, Proposal)> {
    let (community, proposal) = load(state, ctx, slug, id, Permission::Organise).await?;
    if proposal.community_id != community.id {
        return Err(AppError::Forbidden);
    }
    ctx.check_csrf(csrf)?;
    Ok((community, proposal))
}

pub(super) async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ProposalId)>,
    WebForm(f): WebForm<DecisionForm>,
) -> AppResult<Response> {
    let (community, proposal) = decidable(&state, &ctx, &slug, id, &f.csrf).await?;
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
        Some(activity) => redirect(&format!(
            "/c/{}/activites/{activity}/modifier",
            community.slug
        )),
        None => back(&community, id, ""),
    }
}

pub(super) async fn decline(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, ProposalId)>,
    WebForm(f): WebForm<DecisionForm>,
) -> AppResult<Response> {
    let (community, proposal) = decidable(&state, &ctx, &slug, id, &f.csrf).await?;
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
pub(super) async fn to_plan_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ProposalId)>,
    WebForm(f): WebForm<DecisionForm>,
) -> AppResult<Response> {
    let (community, proposal) = decidable(&state, &ctx, &slug, id, &f.csrf).await?;
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
        Ok(Some((plan, action))) => redirect(&format!(
            "/c/{}/plans/{plan}/actions/{action}",
            community.slug
        )),
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
