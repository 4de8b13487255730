//! The directory's lists as spreadsheets: `/c/{slug}/organisations.csv|.xlsx` and
//! `/c/{slug}/personnes.csv|.xlsx`, with the filters of the list pages and their rules: the
//! organisations for whoever may see the directory (their contact for members only, as on
//! an organisation's page), the people for members only.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::organisations::OrgQuery;
use super::people::PeopleQuery;
use crate::AppState;
use crate::auth::Permission;
use crate::community::enter;
use crate::directory::queries as q;
use crate::error::AppResult;
use crate::web::Ctx;
use crate::web::export::{self, Cell, Format, Kind, MAX_ROWS, Table, label};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .merge(export::routes("/c/{slug}/organisations", organisations))
        .merge(export::routes("/c/{slug}/personnes", people))
}

async fn organisations(
    State(state): State<AppState>,
    ctx: Ctx,
    format: Format,
    Path(slug): Path<String>,
    Query(mut fq): Query<OrgQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    if !community.directory_visible_to(ctx.user.as_ref()) {
        return Err(ctx.refused());
    }
    let filter = fq.filter();
    let cid = community.id;
    let member = ctx.user.as_ref().is_some_and(|u| u.is_member(cid));
    let (orgs, contacts) = state
        .db
        .run(move |c| {
            let (_, orgs) = q::page_orgs(c, cid, &filter, 0, MAX_ROWS)?;
            let contacts = if member {
                q::org_contacts(c, cid)?
            } else {
                Default::default()
            };
            Ok((orgs, contacts))
        })
        .await?;
    let mut columns = vec![
        ("export-col-name", Kind::Text),
        ("export-col-acronym", Kind::Text),
        ("export-col-org-kind", Kind::Text),
        ("export-col-member-role", Kind::Text),
        ("export-col-commune", Kind::Text),
    ];
    if member {
        columns.extend([
            ("export-col-region", Kind::Text),
            ("export-col-email", Kind::Text),
            ("export-col-phone", Kind::Text),
            ("export-col-website", Kind::Text),
            ("export-col-member-since", Kind::Date),
            ("export-col-member-until", Kind::Date),
        ]);
    }
    let tr = &ctx.tr;
    let mut table = Table::new(tr, "orgs-title", &columns);
    for o in orgs {
        let mut row = vec![
            Cell::text(o.org.name),
            Cell::opt(o.org.acronym),
            label(tr, o.kind),
            label(tr, o.role),
            Cell::opt(o.commune),
        ];
        if member {
            let k = contacts.get(&o.org.id).cloned().unwrap_or_default();
            row.extend([
                Cell::opt(k.region),
                Cell::opt(k.email),
                Cell::opt(k.phone),
                Cell::opt(k.website),
                Cell::iso_opt(k.since.as_deref()),
                Cell::iso_opt(k.until.as_deref()),
            ]);
        }
        table.push(row);
    }
    let user = ctx.user.as_ref().map(|u| u.id);
    export::send(
        &state,
        user,
        (cid, &community.slug),
        "organisations",
        format,
        table,
    )
    .await
}

async fn people(
    State(state): State<AppState>,
    ctx: Ctx,
    format: Format,
    Path(slug): Path<String>,
    Query(mut fq): Query<PeopleQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    let filter = fq.filter();
    let cid = community.id;
    let (_, people) = state
        .db
        .run(move |c| Ok(q::page_people(c, cid, &filter, 0, MAX_ROWS)?))
        .await?;
    let tr = &ctx.tr;
    let mut table = Table::new(
        tr,
        "people-title",
        &[
            ("export-col-name", Kind::Text),
            ("export-col-sex", Kind::Text),
            ("export-col-person-role", Kind::Text),
            ("export-col-organisation", Kind::Text),
            ("export-col-function", Kind::Text),
            ("export-col-email", Kind::Text),
            ("export-col-phone", Kind::Text),
            ("export-col-expertise", Kind::Text),
        ],
    );
    for p in people {
        table.push(vec![
            Cell::text(p.name),
            label(tr, p.sex),
            label(tr, p.role),
            Cell::opt(p.organisation),
            Cell::opt(p.function),
            Cell::opt(p.email),
            Cell::opt(p.phone),
            Cell::opt(p.expertise),
        ]);
    }
    let user = ctx.user.as_ref().map(|u| u.id);
    export::send(
        &state,
        user,
        (cid, &community.slug),
        "people",
        format,
        table,
    )
    .await
}
