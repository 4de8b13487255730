//! Invitations to an activity, and the invitees' answers.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::{back_to_activity, base_url, organised_activity, visible_activity};
use crate::activities::notices::{self, MailFacts};
use crate::activities::queries::{self as q, Chosen};
use crate::activities::{InviteAudience, Response as Answer};
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
    let host = community.id;
    fn parse_ids<T: std::str::FromStr>(raw: &[String]) -> AppResult<Vec<T>> {
        raw.iter()
            .map(|r| r.parse::<T>().map_err(|_| AppError::BadRequest))
            .collect()
    }
    let chosen = Chosen {
        organisations: parse_ids(&f.orgs)?,
        users: parse_ids(&f.users)?,
    };
    let audience = InviteAudience::parse(&f.audience).ok_or(AppError::BadRequest)?;
    let sent = state
        .db
        .tx(move |c| {
            let now = clock::now();
            // An id from elsewhere in a forged form invites no one.
            let fresh = q::invite_audience(c, id, host, &taking_part, audience, &chosen, now)?
                .ok_or(AppError::BadRequest)?;
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
    let response = Answer::parse(&f.response).ok_or(AppError::BadRequest)?;
    let uid = user.id;
    state
        .db
        .tx(move |c| Ok(q::respond(c, id, uid, response, clock::now())?))
        .await?;
    back_to_activity(&community, id, "#reponse")
}
