//! One activity's page: its facts, figures, outcomes, invitations and photos.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::{can_organise, is_member, visible_activity};
use crate::AppState;
use crate::activities::queries as q;
use crate::activities::{
    ActionItem, ActionStatus, Activity, Decision, Figures, InviteAudience, PhotoConsent,
    Response as Answer,
};
use crate::community::Community;
use crate::directory::OrgRef;
use crate::directory::queries as dir;
use crate::error::AppResult;
use crate::ids::{ActivityId, UserId};
use crate::web::{Ctx, render};

#[derive(Template)]
#[template(path = "activities/page.html")]
struct ActivityPage {
    ctx: Ctx,
    community: Community,
    activity: Activity,
    figures: Figures,
    decisions: Vec<Decision>,
    actions: Vec<ActionItem>,
    minutes_html: String,
    orgs: Vec<OrgRef>,
    statuses: &'static [ActionStatus],
    can_organise: bool,
    is_member: bool,
    invitees: Vec<q::Invitee>,
    accounts: Vec<(UserId, String)>,
    photos: Vec<q::PhotoRow>,
    consents: &'static [PhotoConsent],
    /// The message of a refused upload, from the redirect.
    photo_error: Option<String>,
    /// The visitor's own answer, when a member of a community taking part.
    my_response: Option<Option<Answer>>,
    sent: Option<i64>,
    /// The proposal it came from: (id, title).
    origin: Option<(crate::ids::ProposalId, String)>,
}

impl ActivityPage {
    fn responses(&self, answer: Answer) -> i64 {
        self.invitees
            .iter()
            .filter(|i| i.response == Some(answer))
            .count() as i64
    }

    /// The audiences offered at once: every guest community only when there are guests.
    fn invite_audiences(&self) -> Vec<InviteAudience> {
        let mut offered = vec![InviteAudience::Community, InviteAudience::Core];
        if !self.activity.guests.is_empty() {
            offered.push(InviteAudience::All);
        }
        offered
    }

    fn unanswered(&self) -> i64 {
        self.invitees
            .iter()
            .filter(|i| i.response.is_none())
            .count() as i64
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PageQuery {
    envoyees: String,
    photo: String,
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    Query(pq): Query<PageQuery>,
) -> AppResult<Response> {
    let (community, activity) = visible_activity(&state, &ctx, &slug, id).await?;
    let host = activity.community_id;
    let organiser = can_organise(&ctx, host) && host == community.id;
    let mut taking_part = vec![host];
    taking_part.extend(activity.guests.iter().map(|g| g.0));
    let (figures, decisions, actions, orgs, (invitees, accounts), (photos, origin)) = state
        .db
        .cached(format!("activity-page:{id}:{organiser}"), move |c| {
            let (orgs, invitees) = if organiser {
                (
                    dir::org_refs_in(c, host)?,
                    (q::invitees(c, id)?, q::accounts_in(c, &taking_part)?),
                )
            } else {
                (Vec::new(), (Vec::new(), Vec::new()))
            };
            Ok((
                q::figures(c, id)?,
                q::decisions(c, id)?,
                q::actions_of(c, id)?,
                orgs,
                invitees,
                (
                    q::photos_of(c, id)?,
                    crate::proposals::queries::origin_of_activity(c, id)?,
                ),
            ))
        })
        .await?;
    let takes_part = ctx
        .user
        .as_ref()
        .is_some_and(|u| u.is_admin || u.roles.iter().any(|(c, _)| activity.takes_part(*c)));
    let my_response = match (&ctx.user, takes_part) {
        (Some(u), true) => {
            let uid = u.id;
            Some(
                state
                    .db
                    .cached(format!("response:{id}:{uid}"), move |c| {
                        Ok(q::response_of(c, id, uid)?)
                    })
                    .await?,
            )
        }
        _ => None,
    };
    let minutes_html = crate::activities::markdown(&activity.minutes);
    let photo_error = match pq.photo.as_str() {
        "type" => Some("photo-not-an-image"),
        "taille" => Some("photo-too-large"),
        "accord" => Some("photo-consent-required"),
        "fichier" => Some("photo-missing"),
        _ => None,
    }
    .map(|key| ctx.t(key).into_owned());
    let is_member = is_member(&ctx, community.id);
    render(&ActivityPage {
        ctx,
        community,
        activity,
        figures,
        decisions,
        actions,
        minutes_html,
        orgs,
        statuses: ActionStatus::all(),
        can_organise: organiser,
        is_member,
        invitees,
        accounts,
        photo_error,
        photos,
        consents: PhotoConsent::all(),
        my_response,
        sent: pq.envoyees.parse().ok(),
        origin,
    })
}
