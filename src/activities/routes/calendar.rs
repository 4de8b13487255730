//! The calendar of a community's activities, with its filters.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::{can_organise, is_member};
use crate::activities::queries::{self as q, CalendarFilter};
use crate::activities::{ActivityKind, ActivityRow};
use crate::auth::Permission;
use crate::community::Community;
use crate::community::enter;
use crate::directory::Theme;
use crate::directory::queries as dir;
use crate::error::AppResult;
use crate::web::{Ctx, Listing, Pager, forms, render};
use crate::{AppState, clock};

// ---- calendar ----

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CalendarQuery {
    pub(super) quand: String,
    pub(super) kind: String,
    pub(super) theme: String,
    page: String,
}

#[derive(Template)]
#[template(path = "activities/calendar.html")]
struct CalendarPage {
    ctx: Ctx,
    community: Community,
    activities: Vec<ActivityRow>,
    pager: Pager,
    filter: CalendarQuery,
    past: bool,
    themes: Vec<Theme>,
    kinds: &'static [ActivityKind],
    can_organise: bool,
}

pub(super) async fn calendar(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(mut fq): Query<CalendarQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    // An unknown kind is no filter.
    let kind: Option<ActivityKind> = forms::code_filter(&mut fq.kind);
    let past = fq.quand == "passees";
    if !past {
        fq.quand.clear();
    }
    let filter = CalendarFilter {
        past,
        kind,
        theme: forms::id_filter(&mut fq.theme),
        public_only: !is_member(&ctx, cid),
        // Minute precision: a cache key that changes once a minute.
        now: clock::now_local(),
    };
    let list = Listing::new(
        &fq.page,
        &[
            ("quand", &fq.quand),
            ("kind", &fq.kind),
            ("theme", &fq.theme),
        ],
    );
    let ((total, activities), themes) = list
        .cached(
            &state.db,
            "calendar",
            format!("{cid}:{}:{}", filter.public_only, filter.now),
            move |c, offset| {
                Ok((
                    q::calendar(c, cid, &filter, offset, Pager::PER_PAGE)?,
                    dir::all_themes(c)?,
                ))
            },
        )
        .await?;
    let pager = list.pager(total);
    let can_organise = can_organise(&ctx, cid);
    render(&CalendarPage {
        ctx,
        community,
        activities,
        pager,
        filter: fq,
        past,
        themes,
        kinds: ActivityKind::all(),
        can_organise,
    })
}
