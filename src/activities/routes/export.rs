//! The calendar and its attendance totals as spreadsheets: `/c/{slug}/activites.csv|.xlsx`
//! (the calendar's list, with its filters) and `/c/{slug}/activites/participation.csv|.xlsx`
//! (one row per past activity: participants, women, men, organisations, people reached,
//! counted and estimated apart). Visitors who are not members get the public activities
//! only, as on the calendar.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::calendar::CalendarQuery;
use super::is_member;
use crate::activities::queries::{self as q, CalendarFilter};
use crate::activities::{ActivityRow, Figures, ReachAudience};
use crate::auth::Permission;
use crate::community::enter;
use crate::error::AppResult;
use crate::web::Ctx;
use crate::web::export::{self, Cell, Format, Kind, MAX_ROWS, Table, label, yes_no};
use crate::web::forms;
use crate::{AppState, clock};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .merge(export::routes("/c/{slug}/activites", activities))
        .merge(export::routes(
            "/c/{slug}/activites/participation",
            attendance,
        ))
}

fn filter(
    ctx: &Ctx,
    cid: crate::ids::CommunityId,
    fq: &mut CalendarQuery,
    past: bool,
) -> CalendarFilter {
    CalendarFilter {
        past,
        kind: forms::code_filter(&mut fq.kind),
        theme: forms::id_filter(&mut fq.theme),
        public_only: !is_member(ctx, cid),
        now: clock::now_local(),
    }
}

async fn activities(
    State(state): State<AppState>,
    ctx: Ctx,
    format: Format,
    Path(slug): Path<String>,
    Query(mut fq): Query<CalendarQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    let past = fq.quand == "passees";
    let f = filter(&ctx, cid, &mut fq, past);
    let (_, rows) = state
        .db
        .run(move |c| Ok(q::calendar(c, cid, &f, 0, MAX_ROWS)?))
        .await?;
    let tr = &ctx.tr;
    let mut table = Table::new(
        tr,
        "calendar-title",
        &[
            ("export-col-title", Kind::Text),
            ("export-col-activity-kind", Kind::Text),
            ("export-col-starts-at", Kind::Date),
            ("export-col-ends-at", Kind::Date),
            ("export-col-place", Kind::Text),
            ("export-col-online", Kind::Text),
            ("export-col-host", Kind::Text),
            ("export-col-cancelled", Kind::Text),
            ("export-col-participants", Kind::Integer),
        ],
    );
    for a in rows {
        table.push(vec![
            Cell::text(a.title),
            label(tr, a.kind),
            Cell::iso(&a.starts_at),
            Cell::iso(&a.ends_at),
            Cell::opt(a.place),
            yes_no(tr, a.online),
            Cell::text(a.community_slug),
            yes_no(tr, a.cancelled),
            Cell::Int(a.participants),
        ]);
    }
    let user = ctx.user.as_ref().map(|u| u.id);
    export::send(
        &state,
        user,
        (cid, &community.slug),
        "activities",
        format,
        table,
    )
    .await
}

/// People reached, counted and estimated kept apart, and organisations sensitised, as the
/// results framework counts them (`indicators::Measure`).
fn reach(f: &Figures) -> (i64, i64, i64) {
    let (mut counted, mut estimated, mut orgs) = (0, 0, 0);
    for (audience, n, est) in &f.reach {
        match (audience, est) {
            (ReachAudience::Organisations, _) => orgs += n,
            (_, true) => estimated += n,
            (_, false) => counted += n,
        }
    }
    (counted, estimated, orgs)
}

async fn attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    format: Format,
    Path(slug): Path<String>,
    Query(mut fq): Query<CalendarQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    let f = filter(&ctx, cid, &mut fq, true);
    let rows: Vec<(ActivityRow, Figures)> = state
        .db
        .run(move |c| {
            let (_, rows) = q::calendar(c, cid, &f, 0, MAX_ROWS)?;
            let mut out = Vec::with_capacity(rows.len());
            for a in rows {
                let figures = q::figures(c, a.id)?;
                out.push((a, figures));
            }
            Ok(out)
        })
        .await?;
    let tr = &ctx.tr;
    let mut table = Table::new(
        tr,
        "export-attendance-title",
        &[
            ("export-col-title", Kind::Text),
            ("export-col-activity-kind", Kind::Text),
            ("export-col-starts-at", Kind::Date),
            ("export-col-host", Kind::Text),
            ("export-col-cancelled", Kind::Text),
            ("export-col-participants", Kind::Integer),
            ("export-col-women", Kind::Integer),
            ("export-col-men", Kind::Integer),
            ("export-col-organisations-represented", Kind::Integer),
            ("export-col-reach-counted", Kind::Integer),
            ("export-col-reach-estimated", Kind::Integer),
            ("export-col-organisations-sensitised", Kind::Integer),
        ],
    );
    for (a, f) in rows {
        let (counted, estimated, orgs) = reach(&f);
        table.push(vec![
            Cell::text(a.title),
            label(tr, a.kind),
            Cell::iso(&a.starts_at),
            Cell::text(a.community_slug),
            yes_no(tr, a.cancelled),
            Cell::Int(f.participants),
            Cell::Int(f.women),
            Cell::Int(f.men),
            Cell::Int(f.organisations),
            Cell::Int(counted),
            Cell::Int(estimated),
            Cell::Int(orgs),
        ]);
    }
    let user = ctx.user.as_ref().map(|u| u.id);
    export::send(
        &state,
        user,
        (cid, &community.slug),
        "attendance",
        format,
        table,
    )
    .await
}
