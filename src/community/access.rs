//! The one door to a community's pages: every area asks here whether the visitor may see,
//! contribute to, organise or manage a community, and gets the community back or the
//! answer to give (404 for a community the visitor may not see, the login page for an
//! anonymous visitor, 403 otherwise). The rules themselves are `CurrentUser::may`.

use super::{Community, queries};
use crate::AppState;
use crate::auth::Permission;
use crate::error::{AppError, AppResult};
use crate::web::Ctx;

/// Loads the community `slug` for a visitor who needs `permission` in it.
pub async fn enter(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    permission: Permission,
) -> AppResult<Community> {
    let key = slug.to_owned();
    let community = state
        .db
        .cached(format!("community:{key}"), move |c| {
            Ok(queries::by_slug(c, &key)?)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    // A private community stays unknown to those outside it.
    if !community.visible_to(ctx.user.as_ref()) {
        return Err(AppError::NotFound);
    }
    if permission != Permission::See && !ctx.user()?.may(permission, community.id) {
        return Err(AppError::Forbidden);
    }
    Ok(community)
}
