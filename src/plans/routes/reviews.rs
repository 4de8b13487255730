//! Joint monitoring reviews: list, creation by the host's core group (over adopted plans of
//! the host and of linked communities), and the page where each action under review gets an
//! assessment. A review is shown in every community taking part.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::plans::required_date;
use crate::auth::Permission;
use crate::community::{Community, CommunityRef, enter};
use crate::error::{AppError, AppResult};
use crate::ids::{ActivityId, CommunityId, PlanActionId, PlanId, ReviewId};
use crate::plans::queries::reviews::{self as rq, PlanChoice, ReviewFields};
use crate::plans::queries::{self as q};
use crate::plans::{Assessment, Objective, Review, ReviewRow};
use crate::web::{Check, Ctx, Errors, WebForm, forms, render, unprocessable};
use crate::{AppState, clock};

#[derive(Template)]
#[template(path = "plans/reviews.html")]
struct ListPage {
    ctx: Ctx,
    community: Community,
    reviews: Vec<ReviewRow>,
    can_write: bool,
}

pub(super) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    let cid = community.id;
    let reviews = state.db.run(move |c| Ok(rq::list(c, cid)?)).await?;
    let can_write = ctx.user.as_ref().is_some_and(|u| u.can_organise(cid));
    render(&ListPage {
        ctx,
        community,
        reviews,
        can_write,
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct ReviewForm {
    csrf: String,
    title: String,
    held_on: String,
    activity: String,
    notes: String,
    communities: Vec<String>,
    plans: Vec<String>,
}

impl ReviewForm {
    fn has_community(&self, id: &CommunityId) -> bool {
        self.communities.contains(&id.to_string())
    }
    fn has_plan(&self, id: &PlanId) -> bool {
        self.plans.contains(&id.to_string())
    }
}

#[derive(Template)]
#[template(path = "plans/review_form.html")]
struct FormPage {
    ctx: Ctx,
    community: Community,
    linked: Vec<CommunityRef>,
    plans: Vec<PlanChoice>,
    activities: Vec<(ActivityId, String)>,
    form: ReviewForm,
    errors: Errors,
}

struct Choices {
    linked: Vec<CommunityRef>,
    plans: Vec<PlanChoice>,
    activities: Vec<(ActivityId, String)>,
}

async fn choices(state: &AppState, cid: CommunityId) -> AppResult<Choices> {
    state
        .db
        .run(move |c| {
            Ok(Choices {
                linked: rq::linked(c, cid)?,
                plans: rq::plan_choices(c, cid)?,
                activities: q::activity_choices(c, cid)?,
            })
        })
        .await
}

fn form_page(
    ctx: Ctx,
    community: Community,
    ch: Choices,
    form: ReviewForm,
    errors: Errors,
) -> FormPage {
    FormPage {
        ctx,
        community,
        linked: ch.linked,
        plans: ch.plans,
        activities: ch.activities,
        form,
        errors,
    }
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Organise).await?;
    let ch = choices(&state, community.id).await?;
    let form = ReviewForm {
        held_on: q::today(),
        ..Default::default()
    };
    render(&form_page(ctx, community, ch, form, Errors::default()))
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<ReviewForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    let host = community.id;
    let ch = choices(&state, host).await?;
    let mut check = Check::new(ctx.tr);
    let title = check.required("title", &f.title, forms::SHORT);
    let held_on = required_date(&mut check, "held_on", &f.held_on);
    let activity_id: Option<ActivityId> = check.optional_id("activity", &f.activity);
    if activity_id.is_some_and(|a| !ch.activities.iter().any(|(x, _)| *x == a)) {
        check.fail("activity", "form-bad-choice");
    }
    let notes = check
        .optional("notes", &f.notes, forms::LONG)
        .unwrap_or_default();
    let mut communities = vec![host];
    for raw in &f.communities {
        match raw.parse::<CommunityId>() {
            Ok(id) if ch.linked.iter().any(|l| l.id == id) => {
                if !communities.contains(&id) {
                    communities.push(id)
                }
            }
            _ => check.fail("communities", "review-community-unlinked"),
        }
    }
    let mut plans = Vec::new();
    for raw in &f.plans {
        match raw.parse::<PlanId>() {
            Ok(id) if !plans.contains(&id) => plans.push(id),
            Ok(_) => {}
            Err(_) => check.fail("plans", "form-bad-choice"),
        }
    }
    if plans.is_empty() {
        check.fail("plans", "review-needs-plan");
    }
    let to_check = plans.clone();
    let checked = state
        .db
        .run(move |c| Ok(rq::check_plans(c, host, &to_check)?))
        .await?;
    match checked {
        Ok(of_plans) => {
            for cid in of_plans {
                if !communities.contains(&cid) {
                    communities.push(cid);
                }
            }
        }
        Err(refusal) => check.fail("plans", refusal.key()),
    }
    if check.ok() && communities.len() < 2 {
        check.fail("communities", "review-needs-two");
    }
    if !check.ok() {
        return unprocessable(&form_page(ctx, community, ch, f, check.errors));
    }
    let fields = ReviewFields {
        title,
        held_on,
        activity_id,
        notes,
        communities,
        plans,
    };
    let user_id = ctx.user()?.id;
    let id = state
        .db
        .tx(move |c| Ok(rq::create(c, host, &fields, Some(user_id), clock::now())?))
        .await?;
    Ok(Redirect::to(&format!("/c/{}/revues/{id}", community.slug)).into_response())
}

/// A plan under review, with its actions and the review's word on each.
pub(super) struct ReviewedPlan {
    id: PlanId,
    slug: String,
    title: String,
    objectives: Vec<Objective>,
}

#[derive(Template)]
#[template(path = "plans/review.html")]
struct ReviewPage {
    ctx: Ctx,
    community: Community,
    review: Review,
    /// The lead organisations and the community each leads.
    leads: Vec<(String, String)>,
    plans: Vec<ReviewedPlan>,
    marks: Vec<(PlanActionId, Assessment, String)>,
    assessments: &'static [Assessment],
    can_record: bool,
    errors: Errors,
}

impl ReviewPage {
    fn mark(&self, id: &PlanActionId) -> Option<&(PlanActionId, Assessment, String)> {
        self.marks.iter().find(|m| m.0 == *id)
    }
    fn marked(&self, id: &PlanActionId, a: &Assessment) -> bool {
        self.mark(id).is_some_and(|m| m.1 == *a)
    }
    fn comment(&self, id: &PlanActionId) -> &str {
        self.mark(id).map_or("", |m| m.2.as_str())
    }
}

/// The review's lead organisations, and whether the visitor may record assessments: the core
/// group of the community the page is seen from, or someone of a lead organisation who is a
/// member of it (the lead organisations hold the joint monitoring).
async fn lead_rights(
    state: &AppState,
    ctx: &Ctx,
    cid: CommunityId,
    id: ReviewId,
) -> AppResult<(Vec<(String, String)>, bool)> {
    let organiser = ctx.user.as_ref().is_some_and(|u| u.can_organise(cid));
    let member = ctx
        .user
        .as_ref()
        .filter(|u| u.can_contribute(cid))
        .map(|u| u.id);
    state
        .db
        .run(move |c| {
            let today = q::today();
            let leads = rq::leads(c, id, &today)?;
            let lead = match member {
                Some(user) if !organiser => rq::speaks_for_a_lead(c, id, user, &today)?,
                _ => false,
            };
            Ok((leads, organiser || lead))
        })
        .await
}

async fn review_page(
    state: &AppState,
    ctx: Ctx,
    community: Community,
    id: ReviewId,
    errors: Errors,
) -> AppResult<ReviewPage> {
    let cid = community.id;
    let (review, plans, marks) = state
        .db
        .run(move |c| {
            let Some(review) = rq::get(c, cid, id)? else {
                return Ok((None, Vec::new(), Vec::new()));
            };
            let today = q::today();
            let mut plans = Vec::new();
            for (pid, _, slug, title) in rq::plans_of(c, id)? {
                plans.push(ReviewedPlan {
                    id: pid,
                    slug,
                    title,
                    objectives: q::objectives(c, pid, &today)?,
                });
            }
            Ok((Some(review), plans, rq::assessments(c, id)?))
        })
        .await?;
    let review = review.ok_or(AppError::NotFound)?;
    let (leads, can_record) = lead_rights(state, &ctx, cid, id).await?;
    Ok(ReviewPage {
        ctx,
        community,
        review,
        leads,
        plans,
        marks,
        assessments: Assessment::all(),
        can_record,
        errors,
    })
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ReviewId)>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    let page = review_page(&state, ctx, community, id, Errors::default()).await?;
    render(&page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RecordForm {
    csrf: String,
    action: Vec<String>,
    assessment: Vec<String>,
    comment: Vec<String>,
}

pub(super) async fn record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ReviewId)>,
    WebForm(f): WebForm<RecordForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    ctx.check_csrf(&f.csrf)?;
    let cid = community.id;
    let exists = state
        .db
        .run(move |c| Ok(rq::get(c, cid, id)?.is_some()))
        .await?;
    if !exists {
        return Err(AppError::NotFound);
    }
    if !lead_rights(&state, &ctx, cid, id).await?.1 {
        return Err(ctx.refused());
    }
    let mut check = Check::new(ctx.tr);
    let mut rows = Vec::new();
    for (i, raw) in f.action.iter().enumerate() {
        let Ok(action) = raw.parse::<PlanActionId>() else {
            check.fail("assessment", "form-bad-choice");
            continue;
        };
        let code = f.assessment.get(i).map_or("", |s| s.as_str());
        let comment = f.comment.get(i).map_or("", |s| s.trim());
        if code.trim().is_empty() {
            if !comment.is_empty() {
                check.fail("assessment", "review-comment-needs-assessment");
            }
            continue;
        }
        let assessment: Assessment = check.pick("assessment", code);
        if comment.chars().count() > forms::LONG {
            check.fail("assessment", "form-bad-choice");
        }
        rows.push((action, assessment, comment.to_owned()));
    }
    if check.ok() {
        let to_check: Vec<PlanActionId> = rows.iter().map(|r| r.0).collect();
        let all_in = state
            .db
            .run(move |c| {
                for a in to_check {
                    if !rq::action_under_review(c, id, a)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            })
            .await?;
        if !all_in {
            check.fail("assessment", "review-action-not-under-review");
        }
    }
    if !check.ok() {
        let page = review_page(&state, ctx, community, id, check.errors).await?;
        return unprocessable(&page);
    }
    let user_id = ctx.user()?.id;
    state
        .db
        .tx(move |c| {
            let now = clock::now();
            for (action, assessment, comment) in rows {
                rq::record(c, id, action, assessment, &comment, Some(user_id), now)?;
            }
            Ok(())
        })
        .await?;
    Ok(Redirect::to(&format!("/c/{}/revues/{id}", community.slug)).into_response())
}
