//! Community pages: the home list, a community's public page, its editing, and the admin's
//! creation of communities and links between them.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::queries::{self, CommunityFields, Summary};
use super::{Community, CommunityRef, Link, enter};
use crate::auth::Permission;
use crate::directory::queries as dir;
use crate::directory::{MemberOrg, OrgRef};
use crate::error::AppResult;
use crate::ids::CommunityId;
use crate::indicators::{self, headline::Figure};
use crate::web::{Check, Ctx, Errors, Pager, WebForm, forms, render, unprocessable};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}", get(page))
        .route("/c/{slug}/modifier", get(edit_form).post(update))
        .route("/admin", get(admin))
        .route("/admin/communautes/nouvelle", get(new_form).post(create))
        .route("/admin/liens", post(create_link))
}

#[derive(Template)]
#[template(path = "community/home.html")]
struct HomePage {
    ctx: Ctx,
    communities: Vec<Summary>,
    pager: Pager,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    page: String,
}

pub async fn home(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let page = forms::page_number(Some(&q.page));
    let member_of: Vec<CommunityId> = ctx
        .user
        .as_ref()
        .map(|u| u.roles.iter().map(|(c, _)| *c).collect())
        .unwrap_or_default();
    let all = ctx.is_admin();
    let key = format!("home:{member_of:?}:{all}:{page}");
    let (total, communities) = state
        .db
        .cached(key, move |c| {
            Ok(queries::visible_summaries(
                c,
                &member_of,
                all,
                Pager::offset(page),
                Pager::PER_PAGE,
            )?)
        })
        .await?;
    let pager = Pager::new(page, total, String::new());
    render(&HomePage {
        ctx,
        communities,
        pager,
    })
}

#[derive(Template)]
#[template(path = "community/page.html")]
struct CommunityPage {
    ctx: Ctx,
    community: Community,
    leads: Vec<OrgRef>,
    members: Vec<MemberOrg>,
    show_members: bool,
    organisation_count: i64,
    people_count: i64,
    links: Vec<Link>,
    headline: Vec<Figure>,
    can_manage: bool,
    is_member: bool,
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let show_members = community.directory_visible_to(ctx.user.as_ref());
    let id = community.id;
    let user = ctx.user.as_ref();
    let can_manage = user.is_some_and(|u| u.can_manage(id));
    let is_member = user.is_some_and(|u| u.is_member(id));
    let now = clock::now_local();
    let (leads, members, organisation_count, people_count, links, headline) = state
        .db
        .cached(
            format!("community-page:{id}:{show_members}:{is_member}:{now}"),
            move |c| {
                let leads = dir::leads(c, id)?;
                let members = if show_members {
                    dir::member_orgs(c, id, 30)?
                } else {
                    Vec::new()
                };
                Ok((
                    leads,
                    members,
                    dir::count_memberships(c, id)?,
                    dir::count_people_in(c, id)?,
                    queries::links(c, id)?,
                    indicators::headline_since_founding(c, id, !is_member, &now)?,
                ))
            },
        )
        .await?;
    // Outside the community, counts of people under the threshold are not shown.
    let hide_under = (!is_member).then_some(state.config.public_count_threshold);
    let headline = if headline.is_empty() {
        Vec::new()
    } else {
        headline.figures(&ctx.tr, hide_under)
    };
    render(&CommunityPage {
        ctx,
        community,
        leads,
        members,
        show_members,
        organisation_count,
        people_count,
        links,
        headline,
        can_manage,
        is_member,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommunityForm {
    csrf: String,
    slug: String,
    name: String,
    region: String,
    founded_on: String,
    project: String,
    description: String,
    objectives: String,
    ways_of_working: String,
    accompanied_by: String,
    is_public: String,
    directory_public: String,
}

impl CommunityForm {
    fn from_community(c: &Community) -> Self {
        CommunityForm {
            csrf: String::new(),
            slug: c.slug.clone(),
            name: c.name.clone(),
            region: c.region.clone(),
            founded_on: c.founded_on.clone().unwrap_or_default(),
            project: c.project.clone().unwrap_or_default(),
            description: c.description.clone(),
            objectives: c.objectives.clone(),
            ways_of_working: c.ways_of_working.clone(),
            accompanied_by: c
                .accompanied_by_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
            is_public: if c.is_public {
                "on".into()
            } else {
                String::new()
            },
            directory_public: if c.directory_public {
                "on".into()
            } else {
                String::new()
            },
        }
    }

    fn check(&self, check: &mut Check, orgs: &[OrgRef]) -> CommunityFields {
        let name = check.required("name", &self.name, forms::SHORT);
        let slug_src = if self.slug.trim().is_empty() {
            &self.name
        } else {
            &self.slug
        };
        let slug = crate::text::slugify(slug_src);
        if slug.is_empty() || slug.len() > 60 {
            check.fail("slug", "community-bad-slug");
        }
        let accompanied_by_id = check.optional_id("accompanied_by", &self.accompanied_by);
        if let Some(id) = accompanied_by_id
            && !orgs.iter().any(|o| o.id == id)
        {
            check.fail("accompanied_by", "form-bad-choice");
        }
        let founded_on = check.optional_date("founded_on", &self.founded_on);
        if founded_on
            .as_deref()
            .is_some_and(|d| d > clock::iso(clock::today()).as_str())
        {
            check.fail("founded_on", "form-date-future");
        }
        CommunityFields {
            slug,
            name,
            region: check.required("region", &self.region, forms::SHORT),
            founded_on,
            project: check.optional("project", &self.project, forms::SHORT),
            description: check
                .optional("description", &self.description, forms::LONG)
                .unwrap_or_default(),
            objectives: check
                .optional("objectives", &self.objectives, forms::LONG)
                .unwrap_or_default(),
            ways_of_working: check
                .optional("ways_of_working", &self.ways_of_working, forms::LONG)
                .unwrap_or_default(),
            accompanied_by_id,
            is_public: self.is_public == "on",
            directory_public: self.directory_public == "on",
        }
    }
}

#[derive(Template)]
#[template(path = "community/edit.html")]
struct EditPage {
    ctx: Ctx,
    community: Option<Community>,
    form: CommunityForm,
    orgs: Vec<OrgRef>,
    errors: Errors,
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let id = community.id;
    let orgs = state.db.run(move |c| Ok(dir::org_refs_in(c, id)?)).await?;
    render(&EditPage {
        form: CommunityForm::from_community(&community),
        ctx,
        community: Some(community),
        orgs,
        errors: Errors::default(),
    })
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<CommunityForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let id = community.id;
    let orgs = state.db.run(move |c| Ok(dir::org_refs_in(c, id)?)).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &orgs);
    if !check.ok() {
        return unprocessable(&EditPage {
            ctx,
            community: Some(community),
            form: f,
            orgs,
            errors: check.errors,
        });
    }
    state
        .db
        .tx(move |c| Ok(queries::update(c, id, &fields)?))
        .await?;
    Ok(Redirect::to(&format!("/c/{}", community.slug)).into_response())
}

// ---- platform admin ----

#[derive(Template)]
#[template(path = "community/admin.html")]
struct AdminPage {
    ctx: Ctx,
    communities: Vec<Summary>,
    refs: Vec<CommunityRef>,
    errors: Errors,
}

async fn admin_page(state: &AppState, ctx: Ctx, errors: Errors) -> AppResult<Response> {
    // The admin page lists every community (a network has tens, not thousands).
    let ((_, communities), refs) = state
        .db
        .run(|c| {
            Ok((
                queries::visible_summaries(c, &[], true, 0, 1000)?,
                queries::all_refs(c)?,
            ))
        })
        .await?;
    let failed = !errors.is_empty();
    let page = AdminPage {
        ctx,
        communities,
        refs,
        errors,
    };
    if failed {
        unprocessable(&page)
    } else {
        render(&page)
    }
}

async fn admin(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.require_admin()?;
    admin_page(&state, ctx, Errors::default()).await
}

async fn new_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    ctx.require_admin()?;
    let orgs = state.db.run(|c| Ok(dir::all_org_refs(c, 500)?)).await?;
    render(&EditPage {
        ctx,
        community: None,
        form: CommunityForm {
            is_public: "on".into(),
            directory_public: "on".into(),
            ..CommunityForm::default()
        },
        orgs,
        errors: Errors::default(),
    })
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    WebForm(f): WebForm<CommunityForm>,
) -> AppResult<Response> {
    let admin_id = ctx.require_admin()?;
    ctx.check_csrf(&f.csrf)?;
    let orgs = state.db.run(|c| Ok(dir::all_org_refs(c, 500)?)).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &orgs);
    let mut created = None;
    if check.ok() {
        created = state
            .db
            .tx(move |c| {
                let id = queries::create(c, &fields, clock::now())?;
                if let Some(id) = id {
                    crate::audit::record(
                        c,
                        Some(admin_id),
                        "community-created",
                        "community",
                        id,
                        &fields.slug,
                    )?;
                    return Ok(Some(fields.slug));
                }
                Ok(None)
            })
            .await?;
        if created.is_none() {
            check.fail("slug", "community-slug-taken");
        }
    }
    match created {
        Some(slug) => Ok(Redirect::to(&format!("/c/{slug}")).into_response()),
        None => unprocessable(&EditPage {
            ctx,
            community: None,
            form: f,
            orgs,
            errors: check.errors,
        }),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LinkForm {
    csrf: String,
    a: String,
    b: String,
    description: String,
    since: String,
}

async fn create_link(
    State(state): State<AppState>,
    ctx: Ctx,
    WebForm(f): WebForm<LinkForm>,
) -> AppResult<Response> {
    ctx.require_admin()?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let a = check.optional_id("link", &f.a);
    let b = check.optional_id("link", &f.b);
    let description = check
        .optional("link", &f.description, forms::SHORT)
        .unwrap_or_default();
    let since = check.optional_date("link", &f.since);
    let refs = state.db.run(|c| Ok(queries::all_refs(c)?)).await?;
    let known = |id: Option<CommunityId>| id.is_some_and(|id| refs.iter().any(|r| r.id == id));
    if !known(a) || !known(b) || a == b {
        check.fail("link", "community-bad-link");
    }
    if check.ok() {
        let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
        let added = state
            .db
            .tx(move |c| Ok(queries::link(c, a, b, &description, since.as_deref())?))
            .await?;
        if added {
            return Ok(Redirect::to("/admin").into_response());
        }
        check.fail("link", "community-link-exists");
    }
    admin_page(&state, ctx, check.errors).await
}
