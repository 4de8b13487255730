//! The one door to a community's pages: every area asks here whether the visitor may see,
//! contribute to, organise or manage a community, and gets the community back or the
//! answer to give (404 for a community the visitor may not see, the login page for an
//! anonymous visitor, 403 otherwise). The rules themselves are `CurrentUser::may`.

use super::{Community, queries};
use crate::AppState;
use crate::auth::Permission;
use crate::db::{Conn, DbResult};
use crate::error::{AppError, AppResult};
use crate::ids::CommunityId;
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

/// Enters the community `slug` like [`enter`], then reads one of its records with `get`
/// (given the community's id): a record that is not there is not found (404).
pub async fn enter_record<T, F>(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    permission: Permission,
    get: F,
) -> AppResult<(Community, T)>
where
    T: Send + 'static,
    F: FnOnce(&mut Conn, CommunityId) -> DbResult<Option<T>> + Send + 'static,
{
    let community = enter(state, ctx, slug, permission).await?;
    let cid = community.id;
    let record = state.db.found(move |c| get(c, cid)).await?;
    Ok((community, record))
}

/// Like [`enter_record`], through the read cache: the key is `{name}:{community}:{id}`.
pub async fn enter_cached_record<T, F>(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    permission: Permission,
    (name, id): (&str, impl std::fmt::Display),
    get: F,
) -> AppResult<(Community, T)>
where
    T: Clone + Send + Sync + 'static,
    F: FnOnce(&mut Conn, CommunityId) -> DbResult<Option<T>> + Send + 'static,
{
    let community = enter(state, ctx, slug, permission).await?;
    let cid = community.id;
    let key = format!("{name}:{cid}:{id}");
    let record = state.db.cached_found(key, move |c| get(c, cid)).await?;
    Ok((community, record))
}

/// Enters the community `slug` as a signed-in visitor and reads one of its records with
/// `get`, for a change: only its author (`author` of the record) while a contributor, or a
/// coordinator, may go on (403 otherwise); a record that is not there is not found (404).
pub async fn enter_editable<T, F>(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    get: F,
    author: impl FnOnce(&T) -> Option<crate::ids::UserId>,
) -> AppResult<(Community, T)>
where
    T: Send + 'static,
    F: FnOnce(&mut Conn, CommunityId) -> DbResult<Option<T>> + Send + 'static,
{
    let community = enter(state, ctx, slug, Permission::See).await?;
    let user = ctx.user()?;
    let cid = community.id;
    let record = state.db.found(move |c| get(c, cid)).await?;
    if !user.can_edit_own(cid, author(&record)) {
        return Err(AppError::Forbidden);
    }
    Ok((community, record))
}
