//! Calendar files over HTTP: one activity's invitation and the community's feed.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::{is_member, visible_activity};
use crate::activities::ics as calendar_file;
use crate::activities::queries as q;
use crate::auth::Permission;
use crate::community::enter;
use crate::error::AppResult;
use crate::ids::ActivityId;
use crate::web::Ctx;
use crate::{AppState, clock};

fn ics_response(cal: icalendar::Calendar, filename: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        cal.to_string(),
    )
        .into_response()
}

/// One activity as an .ics file: what, when, where; never who else comes.
pub(super) async fn ics(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
) -> AppResult<Response> {
    let (community, a) = visible_activity(&state, &ctx, &slug, id).await?;
    // The link to join is for members, as on the page.
    let member = is_member(&ctx, community.id);
    let cal = calendar_file::of_activity(&a, member);
    Ok(ics_response(cal, &format!("activite-{id}.ics")))
}

/// The community's public activities as a calendar feed that calendar programs subscribe to.
pub(super) async fn feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    let since = clock::iso(clock::today() - time::Duration::days(365));
    let rows = state
        .db
        .cached(format!("feed:{cid}:{since}"), move |c| {
            Ok(q::feed(c, cid, &format!("{since}T00:00"))?)
        })
        .await?;
    let cal = calendar_file::feed(&community.name, &rows);
    Ok(ics_response(cal, &format!("{slug}.ics")))
}
