//! The library's list as a spreadsheet: `/c/{slug}/bibliotheque.csv|.xlsx`, with the list's
//! filters and the same rule: each visitor gets the resources their access level shows.

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
use crate::web::export::{self, Cell, Format, Kind, MAX_ROWS, Table, label, yes_no};
use crate::web::forms;

pub fn router() -> Router<AppState> {
    export::routes("/c/{slug}/bibliotheque", resources)
}

async fn resources(
    State(state): State<AppState>,
    ctx: Ctx,
    format: Format,
    Path(slug): Path<String>,
    Query(mut fq): Query<ListQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    let filter = ListFilter {
        theme: forms::id_filter(&mut fq.theme),
        kind: forms::code_filter(&mut fq.kind),
        access: Some(Access::of(ctx.user.as_ref(), cid)),
    };
    let (_, rows) = state
        .db
        .run(move |c| Ok(q::list(c, cid, &filter, 0, MAX_ROWS)?))
        .await?;
    let tr = &ctx.tr;
    let mut table = Table::new(
        tr,
        "library-title",
        &[
            ("export-col-title", Kind::Text),
            ("export-col-resource-kind", Kind::Text),
            ("export-col-language", Kind::Text),
            ("export-col-file", Kind::Text),
            ("export-col-has-link", Kind::Text),
            ("export-col-organisation", Kind::Text),
            ("export-col-published-on", Kind::Date),
            ("export-col-visibility", Kind::Text),
        ],
    );
    for r in rows {
        table.push(vec![
            Cell::text(r.title),
            label(tr, r.kind),
            label(tr, r.language),
            Cell::opt(r.file_kind.map(|k| k.to_string().to_uppercase())),
            yes_no(tr, r.has_link),
            Cell::opt(r.organisation),
            Cell::day_of(r.created_at),
            label(tr, r.visibility),
        ]);
    }
    let user = ctx.user.as_ref().map(|u| u.id);
    export::send(
        &state,
        user,
        (cid, &community.slug),
        "resources",
        format,
        table,
    )
    .await
}
