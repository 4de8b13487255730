//! Library pages: browse by theme and kind, read, publish (with a file), edit, remove, download.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::queries::{self as q, FileChange, ListFilter, ResourceFields, StoredFile};
use super::upload::{self, FileKind};
use super::{Language, Resource, ResourceKind, ResourceRow};
use crate::auth::Permission;
use crate::community::{Access, Community, Visibility};
use crate::community::{enter, enter_cached_record, enter_editable};
use crate::directory::queries as dir;
use crate::directory::{MemberOrg, Theme};
use crate::error::{AppError, AppResult};
use crate::ids::{CommunityId, ResourceId, ThemeId};
use crate::web::unprocessable;
use crate::web::{Check, Ctx, Errors, Listing, Pager, forms, redirect, render};
use crate::{AppState, clock};

/// The form's fields beside the file are small; the body may carry the largest file allowed.
const UPLOAD_BODY_LIMIT: usize = upload::MAX_BYTES + 256 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/bibliotheque", get(list))
        .route(
            "/c/{slug}/bibliotheque/nouvelle",
            get(new_form)
                .post(create)
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/c/{slug}/bibliotheque/{id}", get(page))
        .route(
            "/c/{slug}/bibliotheque/{id}/modifier",
            get(edit_form)
                .post(update)
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/c/{slug}/bibliotheque/{id}/supprimer", post(delete))
        .route("/c/{slug}/bibliotheque/{id}/fichier", get(download))
        .merge(super::export::router())
}

fn access(ctx: &Ctx, community_id: CommunityId) -> Access {
    Access::of(ctx.user.as_ref(), community_id)
}

fn can_contribute(ctx: &Ctx, community_id: CommunityId) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| u.can_contribute(community_id))
}

/// May this user change or remove the resource: its publisher or a coordinator.
fn can_edit(ctx: &Ctx, r: &Resource) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| u.can_edit_own(r.community_id, r.created_by))
}

// ---- list ----

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ListQuery {
    pub(super) kind: String,
    pub(super) theme: String,
    page: String,
}

#[derive(Template)]
#[template(path = "library/list.html")]
struct ListPage {
    ctx: Ctx,
    community: Community,
    /// Shared with the read cache: a hit copies no row.
    resources: std::sync::Arc<Vec<ResourceRow>>,
    pager: Pager,
    filter: ListQuery,
    themes: std::sync::Arc<Vec<Theme>>,
    kinds: &'static [ResourceKind],
    can_contribute: bool,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(mut fq): Query<ListQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    // An unknown kind is no filter.
    let kind: Option<ResourceKind> = forms::code_filter(&mut fq.kind);
    let filter = ListFilter {
        theme: forms::id_filter(&mut fq.theme),
        kind,
        access: Some(access(&ctx, cid)),
    };
    let list = Listing::new(&fq.page, &[("kind", &fq.kind), ("theme", &fq.theme)]);
    let (total, resources, themes) = list
        .cached(
            &state.db,
            "library",
            format!("{cid}:{}", access(&ctx, cid).code()),
            move |c, offset| {
                let (total, rows) = q::list(c, cid, &filter, offset, Pager::PER_PAGE)?;
                Ok((
                    total,
                    std::sync::Arc::new(rows),
                    std::sync::Arc::new(dir::all_themes(c)?),
                ))
            },
        )
        .await?;
    let pager = list.pager(total);
    let can_contribute = can_contribute(&ctx, cid);
    render(&ListPage {
        ctx,
        community,
        resources,
        pager,
        filter: fq,
        themes,
        kinds: ResourceKind::all(),
        can_contribute,
    })
}

// ---- one resource ----

async fn visible_resource(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: ResourceId,
) -> AppResult<(Community, Resource)> {
    let (community, resource) = enter_cached_record(
        state,
        ctx,
        slug,
        Permission::See,
        ("resource", id),
        move |c, cid| q::get(c, cid, id),
    )
    .await?;
    if !access(ctx, community.id).allows(resource.visibility) {
        return Err(ctx.unseen());
    }
    Ok((community, resource))
}

#[derive(Template)]
#[template(path = "library/page.html")]
struct ResourcePage {
    ctx: Ctx,
    community: Community,
    resource: Resource,
    body_html: String,
    can_edit: bool,
}

impl ResourcePage {
    fn file_label(&self) -> String {
        let kind = self
            .resource
            .file_kind
            .map(|k| k.extension().to_uppercase())
            .unwrap_or_default();
        let kb = (self.resource.file_size.unwrap_or(0) + 1023) / 1024;
        self.ctx.tr.t2(
            "library-file-label",
            "kind",
            kind,
            "size",
            self.ctx.tr.num(kb),
        )
    }
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ResourceId)>,
) -> AppResult<Response> {
    let (community, resource) = visible_resource(&state, &ctx, &slug, id).await?;
    let body_html = crate::text::markdown(&resource.body);
    let can_edit = can_edit(&ctx, &resource);
    render(&ResourcePage {
        ctx,
        community,
        resource,
        body_html,
        can_edit,
    })
}

async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ResourceId)>,
) -> AppResult<Response> {
    let (_, resource) = visible_resource(&state, &ctx, &slug, id).await?;
    let (name, kind, data) = state.db.found(move |c| q::file(c, resource.id)).await?;
    // Only the kind found in the content decides the type, and nothing is ever shown as a
    // page of this site: documents download, images and sound open in a sandbox.
    let disposition = if kind.is_image() || kind.is_audio() {
        "inline"
    } else {
        "attachment"
    };
    let safe_name = download_name(&name, kind);
    Ok((
        [
            (header::CONTENT_TYPE, kind.mime().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "{disposition}; filename=\"{}\"; filename*=UTF-8''{}",
                    safe_name.replace(
                        |c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-',
                        "_"
                    ),
                    crate::web::ctx::url_encode(&safe_name)
                ),
            ),
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_owned()),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        data,
    )
        .into_response())
}

/// The name a download is saved under: the uploaded name, with the extension of the kind
/// actually found in the content.
/// (Also used by the plans area for the files attached to progress updates.)
pub fn download_name(name: &str, kind: FileKind) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let stem: String = stem
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
        .take(100)
        .collect();
    let stem = if stem.trim().is_empty() {
        "document".to_owned()
    } else {
        stem
    };
    format!("{stem}.{}", kind.extension())
}

// ---- publish and edit ----

#[derive(Default, Clone)]
struct ResourceForm {
    csrf: String,
    kind: String,
    title: String,
    body: String,
    link: String,
    language: String,
    visibility: String,
    organisation: String,
    themes: Vec<String>,
    remove_file: bool,
}

impl ResourceForm {
    fn from_multipart(m: &forms::MultipartForm) -> Self {
        ResourceForm {
            csrf: m.get("csrf"),
            kind: m.get("kind"),
            title: m.get("title"),
            body: m.get("body"),
            link: m.get("link"),
            language: m.get("language"),
            visibility: m.get("visibility"),
            organisation: m.get("organisation"),
            themes: m.all("themes"),
            remove_file: m.get("remove_file") == "on",
        }
    }

    fn from_resource(r: &Resource) -> Self {
        ResourceForm {
            csrf: String::new(),
            kind: r.kind.code().to_owned(),
            title: r.title.clone(),
            body: r.body.clone(),
            link: r.link.clone().unwrap_or_default(),
            language: r.language.code().to_owned(),
            visibility: r.visibility.code().to_owned(),
            organisation: r.organisation_id.map(|i| i.to_string()).unwrap_or_default(),
            themes: r.themes.iter().map(|t| t.id.to_string()).collect(),
            remove_file: false,
        }
    }

    fn has_theme(&self, id: &ThemeId) -> bool {
        self.themes.contains(&id.to_string())
    }

    fn check(&self, check: &mut Check, themes: &[Theme], orgs: &[MemberOrg]) -> ResourceFields {
        let organisation_id = check.optional_id("organisation", &self.organisation);
        if organisation_id.is_some_and(|id| !orgs.iter().any(|o| o.org.id == id)) {
            check.fail("organisation", "form-bad-choice");
        }
        ResourceFields {
            kind: check.pick("kind", &self.kind),
            title: check.required("title", &self.title, forms::SHORT),
            body: check
                .optional("body", &self.body, 50_000)
                .unwrap_or_default(),
            link: check.optional_url("link", &self.link),
            language: check.pick("language", &self.language),
            visibility: check.pick("visibility", &self.visibility),
            organisation_id,
            themes: check.picked("themes", &self.themes, themes),
        }
    }
}

#[derive(Template)]
#[template(path = "library/form.html")]
struct FormPage {
    ctx: Ctx,
    community: Community,
    resource: Option<Resource>,
    form: ResourceForm,
    themes: Vec<Theme>,
    orgs: Vec<MemberOrg>,
    kinds: &'static [ResourceKind],
    languages: &'static [Language],
    visibilities: &'static [Visibility],
    errors: Errors,
    max_mb: i64,
}

async fn choices(state: &AppState, cid: CommunityId) -> AppResult<(Vec<Theme>, Vec<MemberOrg>)> {
    state
        .db
        .run(move |c| Ok((dir::all_themes(c)?, dir::member_orgs(c, cid, 1000)?)))
        .await
}

fn form_page(
    ctx: Ctx,
    community: Community,
    resource: Option<Resource>,
    form: ResourceForm,
    (themes, orgs): (Vec<Theme>, Vec<MemberOrg>),
    errors: Errors,
) -> FormPage {
    FormPage {
        ctx,
        community,
        resource,
        form,
        themes,
        orgs,
        kinds: ResourceKind::all(),
        languages: Language::all(),
        visibilities: Visibility::all(),
        errors,
        max_mb: (upload::MAX_BYTES / (1024 * 1024)) as i64,
    }
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Contribute).await?;
    let choices = choices(&state, community.id).await?;
    let form = ResourceForm {
        language: ctx.tr.lang().to_owned(),
        visibility: Visibility::Network.code().to_owned(),
        ..Default::default()
    };
    render(&form_page(
        ctx,
        community,
        None,
        form,
        choices,
        Errors::default(),
    ))
}

/// Checks an uploaded file off the async threads: its kind from its content, and its text.
async fn check_file(
    check: &mut Check,
    file: Option<forms::Upload>,
) -> AppResult<Option<StoredFile>> {
    let Some(file) = file else {
        return Ok(None);
    };
    let bytes = file.bytes;
    let checked = tokio::task::spawn_blocking(move || {
        upload::check(&bytes).map(|kind| {
            let text = upload::extract_text(kind, &bytes).unwrap_or_default();
            (kind, text, bytes)
        })
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    match checked {
        Ok((kind, text, bytes)) => Ok(Some(StoredFile {
            name: download_name(&file.file_name, kind),
            kind,
            data: bytes.to_vec(),
            text,
        })),
        Err(refusal) => {
            check.fail("file", &format!("upload-{}", refusal.code()));
            Ok(None)
        }
    }
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    multipart: Multipart,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Contribute).await?;
    let mut m = forms::MultipartForm::read(multipart, "file", 60_000).await?;
    let f = ResourceForm::from_multipart(&m);
    ctx.check_csrf(&f.csrf)?;
    let choices = choices(&state, community.id).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &choices.0, &choices.1);
    let file = check_file(&mut check, m.file.take()).await?;
    if check.ok() && file.is_none() && fields.link.is_none() && fields.body.is_empty() {
        check.fail("file", "library-needs-content");
    }
    if !check.ok() {
        return unprocessable(&form_page(ctx, community, None, f, choices, check.errors));
    }
    let (cid, user_id) = (community.id, ctx.user()?.id);
    let id = state
        .db
        .tx(move |c| Ok(q::create(c, cid, &fields, file, user_id, clock::now())?))
        .await?;
    redirect(&format!("/c/{}/bibliotheque/{id}", community.slug))
}

async fn editable(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: ResourceId,
) -> AppResult<(Community, Resource)> {
    enter_editable(
        state,
        ctx,
        slug,
        move |c, cid| q::get(c, cid, id),
        |r| r.created_by,
    )
    .await
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ResourceId)>,
) -> AppResult<Response> {
    let (community, resource) = editable(&state, &ctx, &slug, id).await?;
    let choices = choices(&state, community.id).await?;
    let form = ResourceForm::from_resource(&resource);
    render(&form_page(
        ctx,
        community,
        Some(resource),
        form,
        choices,
        Errors::default(),
    ))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ResourceId)>,
    multipart: Multipart,
) -> AppResult<Response> {
    let (community, resource) = editable(&state, &ctx, &slug, id).await?;
    let mut m = forms::MultipartForm::read(multipart, "file", 60_000).await?;
    let f = ResourceForm::from_multipart(&m);
    ctx.check_csrf(&f.csrf)?;
    let choices = choices(&state, community.id).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &choices.0, &choices.1);
    let file = check_file(&mut check, m.file.take()).await?;
    let change = match file {
        Some(file) => FileChange::Replace(file),
        None if f.remove_file => FileChange::Remove,
        None => FileChange::Keep,
    };
    let keeps_file = match &change {
        FileChange::Replace(_) => true,
        FileChange::Remove => false,
        FileChange::Keep => resource.file_kind.is_some(),
    };
    if check.ok() && !keeps_file && fields.link.is_none() && fields.body.is_empty() {
        check.fail("file", "library-needs-content");
    }
    if !check.ok() {
        return unprocessable(&form_page(
            ctx,
            community,
            Some(resource),
            f,
            choices,
            check.errors,
        ));
    }
    state
        .db
        .tx(move |c| Ok(q::update(c, id, &fields, change, clock::now())?))
        .await?;
    redirect(&format!("/c/{}/bibliotheque/{id}", community.slug))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfForm {
    csrf: String,
}

async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ResourceId)>,
    forms::WebForm(f): forms::WebForm<CsrfForm>,
) -> AppResult<Response> {
    let (community, _) = editable(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    state.db.tx(move |c| Ok(q::delete(c, id)?)).await?;
    redirect(&format!("/c/{}/bibliotheque", community.slug))
}
