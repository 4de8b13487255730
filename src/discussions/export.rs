//! The questions as a spreadsheet: `/c/{slug}/questions.csv|.xlsx`, with the list's filters
//! and rules: signed-in visitors only, each seeing the questions their access level shows,
//! hidden ones for coordinators only (with a column that says so).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::queries::{self as q, ListFilter};
use super::routes::ListQuery;
use crate::AppState;
use crate::auth::Permission;
use crate::community::{Access, enter};
use crate::error::AppResult;
use crate::web::Ctx;
use crate::web::export::{self, Cell, Format, Kind, MAX_ROWS, Table, yes_no};
use crate::web::forms;

pub fn router() -> Router<AppState> {
    export::routes("/c/{slug}/questions", questions)
}

async fn questions(
    State(state): State<AppState>,
    ctx: Ctx,
    format: Format,
    Path(slug): Path<String>,
    Query(mut fq): Query<ListQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    let user = ctx.user()?;
    let with_hidden = user.can_manage(cid);
    let filter = ListFilter {
        theme: forms::id_filter(&mut fq.theme),
        state: forms::code_filter(&mut fq.etat),
        access: Some(Access::of(Some(user), cid)),
        with_hidden,
    };
    let user = user.id;
    let (_, rows) = state
        .db
        .run(move |c| Ok(q::list(c, cid, &filter, 0, MAX_ROWS)?))
        .await?;
    let mut columns = vec![
        ("export-col-title", Kind::Text),
        ("export-col-author", Kind::Text),
        ("export-col-answers", Kind::Integer),
        ("export-col-solved", Kind::Text),
        ("export-col-locked", Kind::Text),
        ("export-col-last-activity", Kind::Date),
    ];
    if with_hidden {
        columns.push(("export-col-hidden", Kind::Text));
    }
    let tr = &ctx.tr;
    let mut table = Table::new(tr, "questions-title", &columns);
    for r in rows {
        let mut row = vec![
            Cell::text(r.title),
            Cell::opt(r.author),
            Cell::Int(r.answers),
            yes_no(tr, r.solved),
            yes_no(tr, r.locked),
            Cell::day_of(r.last_activity_at),
        ];
        if with_hidden {
            row.push(yes_no(tr, r.hidden));
        }
        table.push(row);
    }
    export::send(
        &state,
        Some(user),
        (cid, &community.slug),
        "questions",
        format,
        table,
    )
    .await
}
