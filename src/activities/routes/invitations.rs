//! Invitations to an activity, and the invitees' answers.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::{back_to_activity, base_url, organised_activity, visible_activity};
use crate::activities::notices::{self, MailFacts};
use crate::activities::queries as q;
use crate::directory::queries as dir;
use crate::error::{AppError, AppResult};
use crate::ids::ActivityId;
use crate::web::{Ctx, WebForm};
use crate::{AppState, clock};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct InviteForm {
    csrf: String,
    audience: String,
    /// With `audience=chosen`: organisations and accounts picked one by one.
    orgs: Vec<String>,
    users: Vec<String>,
}

pub(super) async fn invite(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<InviteForm>,
) -> AppResult<Response> {
    let (community, activity) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut taking_part = vec![community.id];
    taking_part.extend(activity.guests.iter().map(|g| g.0));
    let base = base_url(&state, &headers);
    let facts = MailFacts::of(&activity);
    let audience = f.audience.clone();
    let host = community.id;
    fn parse_ids<T: std::str::FromStr>(raw: &[String]) -> AppResult<Vec<T>> {
        raw.iter()
            .map(|r| r.parse::<T>().map_err(|_| AppError::BadRequest))
            .collect()
    }
    let (orgs, users) = (parse_ids(&f.orgs)?, parse_ids(&f.users)?);
    if !["community", "core", "all", "chosen"].contains(&audience.as_str()) {
        return Err(AppError::BadRequest);
    }
    let sent = state
        .db
        .tx(move |c| {
            let now = clock::now();
            let fresh = match audience.as_str() {
                "community" => q::invite(c, id, &[host], false, now)?,
                "core" => q::invite(c, id, &[host], true, now)?,
                "all" => q::invite(c, id, &taking_part, false, now)?,
                _ => {
                    // Only organisations of the host and accounts of communities taking part:
                    // an id from elsewhere in a forged form invites no one.
                    let members = dir::org_refs_in(c, host)?;
                    if orgs.iter().any(|o| !members.iter().any(|m| m.id == *o)) {
                        return Err(AppError::BadRequest);
                    }
                    let accounts = q::accounts_in(c, &taking_part)?;
                    if users.iter().any(|u| !accounts.iter().any(|(a, _)| a == u)) {
                        return Err(AppError::BadRequest);
                    }
                    q::invite_chosen(c, id, &users, &orgs, now)?
                }
            };
            notices::invite(c, &fresh, &facts, &base)?;
            Ok(fresh.len())
        })
        .await?;
    back_to_activity(&community, id, &format!("?envoyees={sent}#invitations"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RespondForm {
    csrf: String,
    response: String,
}

pub(super) async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    WebForm(f): WebForm<RespondForm>,
) -> AppResult<Response> {
    let (community, activity) = visible_activity(&state, &ctx, &slug, id).await?;
    let user = ctx.user()?;
    ctx.check_csrf(&f.csrf)?;
    if !(user.is_admin || user.roles.iter().any(|(c, _)| activity.takes_part(*c))) {
        return Err(AppError::Forbidden);
    }
    if !["yes", "no", "maybe"].contains(&f.response.as_str()) {
        return Err(AppError::BadRequest);
    }
    let uid = user.id;
    state
        .db
        .tx(move |c| Ok(q::respond(c, id, uid, &f.response, clock::now())?))
        .await?;
    back_to_activity(&community, id, "#reponse")
}
