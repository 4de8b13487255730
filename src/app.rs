//! The application: the one place that knows every area. It joins the areas' routers under
//! the web layer's common layers, and registers the areas' records with the search index.
//! A new area adds one line to each list below.

use axum::Router;
use axum::routing::get;

use crate::db::{Db, DbResult};
use crate::{AppState, accounts, activities, audit, committees, community, directory};
use crate::{discussions, experiences, library, proposals, search, web};

/// The whole HTTP application, used by `kafo serve` and by the tests.
pub fn app(state: AppState) -> Router {
    register_search_sources();
    let routes = Router::new()
        .route("/", get(community::routes::home))
        .merge(accounts::routes::router())
        .merge(accounts::follows::router())
        .merge(community::routes::router())
        .merge(directory::routes::router())
        .merge(activities::routes::router())
        .merge(library::routes::router())
        .merge(experiences::routes::router())
        .merge(discussions::routes::router())
        .merge(committees::routes::router())
        .merge(audit::routes::router())
        .merge(proposals::routes::router())
        .merge(crate::plans::routes::router())
        .merge(crate::indicators::routes::router())
        .merge(crate::reports::routes::router())
        .merge(search::routes::router())
        .merge(web::common_routes());
    web::serve(routes, state)
}

/// Every area's records that the search index holds, in the order `kafo reindex` walks them.
pub static SEARCH_SOURCES: &[search::Source] = &[
    library::queries::SEARCH,
    experiences::queries::SEARCH,
    discussions::queries::SEARCH,
    activities::queries::SEARCH,
    directory::queries::SEARCH_ORGANISATIONS,
    directory::queries::SEARCH_PEOPLE,
    crate::plans::queries::SEARCH,
];

/// Hands the areas' sources to the search index (once; later calls change nothing).
pub fn register_search_sources() {
    search::register(SEARCH_SOURCES);
}

/// Applies pending migrations; one that says it needs the search index rebuilt gets it, in
/// its own transaction.
pub fn migrate(db: &Db) -> DbResult<Vec<String>> {
    register_search_sources();
    db.migrate_then(&|c| search::reindex_all(c).map(|_| ()))
}
