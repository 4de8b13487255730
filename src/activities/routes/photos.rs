//! Photos of an activity: upload, the light versions, removal.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::{CsrfForm, back_to_activity, organised_activity, visible_activity};
use crate::activities::PhotoConsent;
use crate::activities::queries as q;
use crate::error::{AppError, AppResult};
use crate::ids::{ActivityId, PhotoId};
use crate::web::{Ctx, WebForm, forms};
use crate::{AppState, clock};

/// Takes a photo from a multipart form: checks the token and the consent, makes the light
/// versions, stores them. A refused upload comes back to the page with its message.
pub(super) async fn upload_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ActivityId)>,
    form: axum::extract::Multipart,
) -> AppResult<Response> {
    let (community, _) = organised_activity(&state, &ctx, &slug, id).await?;
    let user_id = ctx.user()?.id;
    let form = forms::MultipartForm::read(form, "file", 500).await?;
    let (csrf, caption, consent) = (
        form.get("csrf"),
        form.get("caption").trim().to_owned(),
        form.get("consent"),
    );
    let file = form.file.map(|f| f.bytes);
    ctx.check_csrf(&csrf)?;
    let back = |code: &str| back_to_activity(&community, id, &format!("?photo={code}#photos"));
    let Some(consent) = PhotoConsent::parse(&consent) else {
        return back("accord");
    };
    let Some(file) = file else {
        return back("fichier");
    };
    let versions =
        match tokio::task::spawn_blocking(move || crate::activities::photos::make_versions(&file))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
        {
            Ok(v) => v,
            Err(crate::activities::photos::PhotoError::TooLarge) => return back("taille"),
            Err(crate::activities::photos::PhotoError::NotAnImage) => return back("type"),
        };
    let photo = q::NewPhoto {
        caption,
        consent,
        versions,
        user_id,
    };
    state
        .db
        .tx(move |c| Ok(q::add_photo(c, id, photo, clock::now())?))
        .await?;
    back_to_activity(&community, id, "#photos")
}

/// A photo's thumbnail (`vignette`) or medium version (`grande`), for those who may see the
/// activity.
pub(super) async fn photo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, pid, size)): Path<(String, ActivityId, PhotoId, String)>,
) -> AppResult<Response> {
    let (_, activity) = visible_activity(&state, &ctx, &slug, id).await?;
    let medium = match size.as_str() {
        "grande.jpg" => true,
        "vignette.jpg" => false,
        _ => return Err(AppError::NotFound),
    };
    let bytes = state
        .db
        .run(move |c| Ok(q::photo_bytes(c, id, pid, medium)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let cache = if activity.is_public {
        "public, max-age=604800, immutable"
    } else {
        "private, max-age=604800, immutable"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}

pub(super) async fn remove_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, pid)): Path<(String, ActivityId, PhotoId)>,
    WebForm(f): WebForm<CsrfForm>,
) -> AppResult<Response> {
    let (community, _) = organised_activity(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    if !state
        .db
        .tx(move |c| Ok(q::remove_photo(c, id, pid)?))
        .await?
    {
        return Err(AppError::NotFound);
    }
    back_to_activity(&community, id, "#photos")
}
