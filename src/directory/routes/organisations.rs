//! Organisations of a community: the list, one organisation's page, the form, removal.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{all_themes, check_membership, check_phone};
use crate::auth::Permission;
use crate::community::Community;
use crate::community::enter;
use crate::directory::queries::{self as q, MembershipFields, OrgFields, OrgFilter};
use crate::directory::{MemberOrg, MemberRole, OrgKind, Organisation, Person, Theme};
use crate::error::{AppError, AppResult};
use crate::ids::{OrganisationId, ThemeId};
use crate::web::forms::{code_filter, id_filter};
use crate::web::unprocessable;
use crate::web::{Check, Ctx, Errors, Listing, Pager, WebForm, forms, render};
use crate::{AppState, clock};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct OrgQuery {
    q: String,
    kind: String,
    role: String,
    theme: String,
    page: String,
    ok: String,
}

impl OrgQuery {
    /// The list's filters, cleaned (an unknown code or id is no filter), for the page and
    /// its downloads.
    pub(super) fn filter(&mut self) -> OrgFilter {
        OrgFilter {
            q: forms::text_filter(&mut self.q),
            kind: code_filter(&mut self.kind),
            role: code_filter(&mut self.role),
            theme: id_filter(&mut self.theme),
        }
    }
}

#[derive(Template)]
#[template(path = "directory/organisations.html")]
struct OrganisationsPage {
    ctx: Ctx,
    community: Community,
    orgs: Vec<MemberOrg>,
    pager: Pager,
    filter: OrgQuery,
    themes: Vec<Theme>,
    kinds: &'static [OrgKind],
    roles: &'static [MemberRole],
    can_manage: bool,
}

pub(super) async fn organisations(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(mut fq): Query<OrgQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    if !community.directory_visible_to(ctx.user.as_ref()) {
        return Err(ctx.refused());
    }
    let filter = fq.filter();
    let list = Listing::new(
        &fq.page,
        &[
            ("q", &fq.q),
            ("kind", &fq.kind),
            ("role", &fq.role),
            ("theme", &fq.theme),
        ],
    );
    let id = community.id;
    let ((total, orgs), themes) = list
        .cached(&state.db, "orgs", id, move |c, offset| {
            Ok((
                q::page_orgs(c, id, &filter, offset, Pager::PER_PAGE)?,
                q::all_themes(c)?,
            ))
        })
        .await?;
    let pager = list.pager(total);
    let can_manage = ctx.user.as_ref().is_some_and(|u| u.can_manage(id));
    render(&OrganisationsPage {
        ctx,
        community,
        orgs,
        pager,
        filter: fq,
        themes,
        kinds: OrgKind::all(),
        roles: MemberRole::all(),
        can_manage,
    })
}

#[derive(Template)]
#[template(path = "directory/organisation.html")]
struct OrganisationPage {
    ctx: Ctx,
    community: Community,
    org: Organisation,
    people: Vec<Person>,
    actions: Vec<crate::activities::ActionItem>,
    is_member: bool,
    can_manage: bool,
}

pub(super) async fn organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, OrganisationId)>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    if !community.directory_visible_to(ctx.user.as_ref()) {
        return Err(AppError::LoginRequired);
    }
    let cid = community.id;
    let is_member = ctx.user.as_ref().is_some_and(|u| u.is_member(cid));
    let (org, people, actions) = state
        .db
        .cached(format!("org:{cid}:{id}:{is_member}"), move |c| {
            let org = q::org_in(c, cid, id)?;
            let (people, actions) = if is_member && org.is_some() {
                (
                    q::people_of_org(c, cid, id)?,
                    crate::activities::queries::open_actions_of_org(c, cid, id)?,
                )
            } else {
                (Vec::new(), Vec::new())
            };
            Ok((org, people, actions))
        })
        .await?;
    let can_manage = ctx.user.as_ref().is_some_and(|u| u.can_manage(cid));
    render(&OrganisationPage {
        ctx,
        community,
        org: org.ok_or(AppError::NotFound)?,
        people,
        actions,
        is_member,
        can_manage,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct OrgForm {
    csrf: String,
    name: String,
    acronym: String,
    kind: String,
    commune: String,
    region: String,
    email: String,
    phone: String,
    website: String,
    description: String,
    themes: Vec<String>,
    role: String,
    since: String,
    until: String,
}

impl OrgForm {
    fn from_org(o: &Organisation) -> Self {
        OrgForm {
            csrf: String::new(),
            name: o.name.clone(),
            acronym: o.acronym.clone().unwrap_or_default(),
            kind: o.kind.code().to_owned(),
            commune: o.commune.clone().unwrap_or_default(),
            region: o.region.clone().unwrap_or_default(),
            email: o.email.clone().unwrap_or_default(),
            phone: o.phone.clone().unwrap_or_default(),
            website: o.website.clone().unwrap_or_default(),
            description: o.description.clone().unwrap_or_default(),
            themes: o.themes.iter().map(|t| t.id.to_string()).collect(),
            role: o.role.code().to_owned(),
            since: o.since.clone().unwrap_or_default(),
            until: o.until.clone().unwrap_or_default(),
        }
    }

    fn has_theme(&self, id: &ThemeId) -> bool {
        let id = id.to_string();
        self.themes.contains(&id)
    }

    fn check(&self, check: &mut Check, themes: &[Theme]) -> (OrgFields, MembershipFields) {
        let website = check.optional("website", &self.website, forms::SHORT);
        if website
            .as_deref()
            .is_some_and(|w| !(w.starts_with("https://") || w.starts_with("http://")))
        {
            check.fail("website", "form-bad-url");
        }
        let membership = check_membership(check, &self.role, &self.since, &self.until);
        let fields = OrgFields {
            name: check.required("name", &self.name, forms::SHORT),
            acronym: check.optional("acronym", &self.acronym, 40),
            kind: check.pick("kind", &self.kind),
            commune: check.optional("commune", &self.commune, forms::SHORT),
            region: check.optional("region", &self.region, forms::SHORT),
            email: check.optional_email("email", &self.email),
            phone: check_phone(check, &self.phone),
            website,
            description: check.optional("description", &self.description, forms::LONG),
            themes: check.picked("themes", &self.themes, themes),
        };
        (fields, membership)
    }
}

#[derive(Template)]
#[template(path = "directory/org_form.html")]
struct OrgFormPage {
    ctx: Ctx,
    community: Community,
    org_id: Option<OrganisationId>,
    form: OrgForm,
    themes: Vec<Theme>,
    kinds: &'static [OrgKind],
    roles: &'static [MemberRole],
    errors: Errors,
}

pub(super) async fn new_org(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let themes = all_themes(&state).await?;
    render(&OrgFormPage {
        ctx,
        community,
        org_id: None,
        form: OrgForm {
            kind: OrgKind::Association.code().into(),
            role: MemberRole::Member.code().into(),
            ..OrgForm::default()
        },
        themes,
        kinds: OrgKind::all(),
        roles: MemberRole::all(),
        errors: Errors::default(),
    })
}

pub(super) async fn create_org(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<OrgForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let themes = all_themes(&state).await?;
    let mut check = Check::new(ctx.tr);
    let (fields, membership) = f.check(&mut check, &themes);
    let cid = community.id;
    if check.ok() {
        let created = state
            .db
            .tx(move |c| Ok(q::create_org(c, cid, &fields, &membership, clock::now())?))
            .await?;
        match created {
            Some(id) => {
                return Ok(
                    Redirect::to(&format!("/c/{}/organisations/{id}", community.slug))
                        .into_response(),
                );
            }
            None => check.fail("name", "org-name-taken"),
        }
    }
    unprocessable(&OrgFormPage {
        ctx,
        community,
        org_id: None,
        form: f,
        themes,
        kinds: OrgKind::all(),
        roles: MemberRole::all(),
        errors: check.errors,
    })
}

pub(super) async fn edit_org(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, OrganisationId)>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let cid = community.id;
    let (org, themes) = state
        .db
        .run(move |c| Ok((q::org_in(c, cid, id)?, q::all_themes(c)?)))
        .await?;
    let org = org.ok_or(AppError::NotFound)?;
    render(&OrgFormPage {
        ctx,
        community,
        org_id: Some(id),
        form: OrgForm::from_org(&org),
        themes,
        kinds: OrgKind::all(),
        roles: MemberRole::all(),
        errors: Errors::default(),
    })
}

pub(super) async fn update_org(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, OrganisationId)>,
    WebForm(f): WebForm<OrgForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let cid = community.id;
    let (org, themes) = state
        .db
        .run(move |c| Ok((q::org_in(c, cid, id)?, q::all_themes(c)?)))
        .await?;
    org.ok_or(AppError::NotFound)?;
    let mut check = Check::new(ctx.tr);
    let (fields, membership) = f.check(&mut check, &themes);
    if check.ok() {
        let saved = state
            .db
            .tx(move |c| {
                Ok(q::update_org(
                    c,
                    cid,
                    id,
                    &fields,
                    &membership,
                    clock::now(),
                )?)
            })
            .await?;
        if saved {
            return Ok(
                Redirect::to(&format!("/c/{}/organisations/{id}", community.slug)).into_response(),
            );
        }
        check.fail("name", "org-name-taken");
    }
    unprocessable(&OrgFormPage {
        ctx,
        community,
        org_id: Some(id),
        form: f,
        themes,
        kinds: OrgKind::all(),
        roles: MemberRole::all(),
        errors: check.errors,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CsrfForm {
    csrf: String,
}

pub(super) async fn remove_org(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, OrganisationId)>,
    WebForm(f): WebForm<CsrfForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let cid = community.id;
    let removed = state
        .db
        .tx(move |c| Ok(q::remove_membership(c, cid, id)?))
        .await?;
    if !removed {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!("/c/{}/organisations", community.slug)).into_response())
}
