//! Activity pages: the calendar, planning, attendance, reach, minutes, decisions, actions,
//! and the calendar files.

mod activity;
mod attendance;
mod calendar;
mod export;
mod ics;
mod invitations;
mod outcomes;
mod photos;
mod planning;

pub(crate) use planning::check_datetime;

use axum::Router;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::Activity;
use super::queries as q;
use crate::AppState;
use crate::auth::Permission;
use crate::community::Community;
use crate::community::{enter, enter_cached_record};
use crate::error::{AppError, AppResult};
use crate::ids::{ActivityId, CommunityId};
use crate::web::Ctx;
use activity::page;
use attendance::{add_attendee, attendance, remove_attendee, set_reach, sheet};
use calendar::calendar;
use ics::{feed, ics};
use invitations::{invite, respond};
use outcomes::{add_action, add_decision, save_minutes, set_action};
use photos::{photo, remove_photo, upload_photo};
use planning::{cancel, create, edit_form, new_form, update};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/activites", get(calendar))
        .route("/c/{slug}/calendrier.ics", get(feed))
        .route("/c/{slug}/activites/nouvelle", get(new_form).post(create))
        .route("/c/{slug}/activites/{id}", get(page))
        .route("/c/{slug}/activites/{id}/invitation.ics", get(ics))
        .route(
            "/c/{slug}/activites/{id}/modifier",
            get(edit_form).post(update),
        )
        .route("/c/{slug}/activites/{id}/annuler", post(cancel))
        .route(
            "/c/{slug}/activites/{id}/presences",
            get(attendance).post(add_attendee),
        )
        .route(
            "/c/{slug}/activites/{id}/presences/{aid}/retirer",
            post(remove_attendee),
        )
        .route("/c/{slug}/activites/{id}/audiences", post(set_reach))
        .route("/c/{slug}/activites/{id}/compte-rendu", post(save_minutes))
        .route("/c/{slug}/activites/{id}/decisions", post(add_decision))
        .route("/c/{slug}/activites/{id}/actions", post(add_action))
        .route("/c/{slug}/activites/{id}/actions/{xid}", post(set_action))
        .route("/c/{slug}/activites/{id}/invitations", post(invite))
        .route(
            "/c/{slug}/activites/{id}/feuille-de-presence.pdf",
            get(sheet),
        )
        .route(
            "/c/{slug}/activites/{id}/photos",
            post(upload_photo).layer(axum::extract::DefaultBodyLimit::max(
                super::photos::UPLOAD_MAX + 64 * 1024,
            )),
        )
        .route("/c/{slug}/activites/{id}/photos/{pid}/{size}", get(photo))
        .route(
            "/c/{slug}/activites/{id}/photos/{pid}/retirer",
            post(remove_photo),
        )
        .route("/c/{slug}/activites/{id}/reponse", post(respond))
        .merge(export::router())
}

/// After a form: back to the activity (or one of its pages or anchors), post-redirect-get.
fn back_to_activity(community: &Community, id: ActivityId, rest: &str) -> AppResult<Response> {
    crate::web::redirect(&format!("/c/{}/activites/{id}{rest}", community.slug))
}

fn is_member(ctx: &Ctx, community_id: CommunityId) -> bool {
    ctx.user.as_ref().is_some_and(|u| u.is_member(community_id))
}

fn can_organise(ctx: &Ctx, community_id: CommunityId) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| u.can_organise(community_id))
}

/// An activity the visitor may see, through a community taking part in it.
async fn visible_activity(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: ActivityId,
) -> AppResult<(Community, Activity)> {
    let (community, activity) = enter_cached_record(
        state,
        ctx,
        slug,
        Permission::See,
        ("activity", id),
        move |c, cid| q::activity_in(c, cid, id),
    )
    .await?;
    let cid = community.id;
    if !activity.is_public && !is_member(ctx, cid) && !is_member(ctx, activity.community_id) {
        return Err(ctx.unseen());
    }
    Ok((community, activity))
}

/// An activity hosted by this community, for a user who may organise it.
async fn organised_activity(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: ActivityId,
) -> AppResult<(Community, Activity)> {
    let community = enter(state, ctx, slug, Permission::See).await?;
    let user = ctx.user()?;
    if !user.can_organise(community.id) {
        return Err(AppError::Forbidden);
    }
    let cid = community.id;
    let activity = state
        .db
        .run(move |c| Ok(q::activity_in(c, cid, id)?))
        .await?
        .filter(|a| a.community_id == cid)
        .ok_or(AppError::NotFound)?;
    Ok((community, activity))
}

use crate::web::base_url;

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfForm {
    csrf: String,
}
