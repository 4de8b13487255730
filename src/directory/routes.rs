//! Directory pages of a community: organisations, people, memberships; and the themes.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::queries::{
    self as q, MembershipFields, OrgFields, OrgFilter, PersonFields, PersonFilter,
};
use super::{
    MEMBER_ROLES, MemberOrg, ORG_KINDS, OrgRef, Organisation, PERSON_ROLES, Person, SEXES, Theme,
};
use crate::auth::Permission;
use crate::community::Community;
use crate::community::enter;
use crate::error::{AppError, AppResult};
use crate::ids::{CommunityId, OrganisationId, PersonId, ThemeId};
use crate::web::unprocessable;
use crate::web::{Check, Ctx, Errors, Pager, WebForm, forms, query_base, render};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/organisations", get(organisations))
        .route(
            "/c/{slug}/organisations/nouvelle",
            get(new_org).post(create_org),
        )
        .route("/c/{slug}/organisations/{id}", get(organisation))
        .route(
            "/c/{slug}/organisations/{id}/modifier",
            get(edit_org).post(update_org),
        )
        .route("/c/{slug}/organisations/{id}/retirer", post(remove_org))
        .route(
            "/c/{slug}/membres/ajouter",
            get(add_member_form).post(add_member),
        )
        .route("/c/{slug}/personnes", get(people))
        .route(
            "/c/{slug}/personnes/nouvelle",
            get(new_person).post(create_person),
        )
        .route("/c/{slug}/personnes/{id}", get(person))
        .route(
            "/c/{slug}/personnes/{id}/modifier",
            get(edit_person).post(update_person),
        )
        .route("/themes", get(themes).post(create_theme))
        .route("/themes/{id}", post(update_theme))
}

/// Parses a select's value: empty or garbage is no filter.
fn id_filter(s: &str) -> Option<i64> {
    s.trim().parse().ok().filter(|i| *i > 0)
}

async fn all_themes(state: &AppState) -> AppResult<Vec<Theme>> {
    state.db.run(|c| Ok(q::all_themes(c)?)).await
}

// ---- organisations ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct OrgQuery {
    q: String,
    kind: String,
    role: String,
    theme: String,
    page: String,
    ok: String,
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
    kinds: &'static [&'static str],
    roles: &'static [&'static str],
    can_manage: bool,
}

async fn organisations(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(mut fq): Query<OrgQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    if !community.directory_visible_to(ctx.user.as_ref()) {
        return Err(if ctx.user.is_some() {
            AppError::Forbidden
        } else {
            AppError::LoginRequired
        });
    }
    fq.q = fq.q.chars().take(100).collect();
    fq.kind = forms::kept(&fq.kind, ORG_KINDS);
    fq.role = forms::kept(&fq.role, MEMBER_ROLES);
    let filter = OrgFilter {
        q: fq.q.clone(),
        kind: fq.kind.clone(),
        role: fq.role.clone(),
        theme: id_filter(&fq.theme),
    };
    let page = forms::page_number(Some(&fq.page));
    let id = community.id;
    let key = format!(
        "orgs:{id}:{}:{}:{}:{:?}:{page}",
        filter.q, filter.kind, filter.role, filter.theme
    );
    let ((total, orgs), themes) = state
        .db
        .cached(key, move |c| {
            Ok((
                q::page_orgs(c, id, &filter, Pager::offset(page), Pager::PER_PAGE)?,
                q::all_themes(c)?,
            ))
        })
        .await?;
    let pager = Pager::new(
        page,
        total,
        query_base(&[
            ("q", &fq.q),
            ("kind", &fq.kind),
            ("role", &fq.role),
            ("theme", &fq.theme),
        ]),
    );
    let can_manage = ctx.user.as_ref().is_some_and(|u| u.can_manage(id));
    render(&OrganisationsPage {
        ctx,
        community,
        orgs,
        pager,
        filter: fq,
        themes,
        kinds: ORG_KINDS,
        roles: MEMBER_ROLES,
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

async fn organisation(
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
struct OrgForm {
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
            kind: o.kind.clone(),
            commune: o.commune.clone().unwrap_or_default(),
            region: o.region.clone().unwrap_or_default(),
            email: o.email.clone().unwrap_or_default(),
            phone: o.phone.clone().unwrap_or_default(),
            website: o.website.clone().unwrap_or_default(),
            description: o.description.clone().unwrap_or_default(),
            themes: o.themes.iter().map(|t| t.id.to_string()).collect(),
            role: o.role.clone(),
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
            kind: check.choice("kind", &self.kind, ORG_KINDS),
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

fn check_membership(check: &mut Check, role: &str, since: &str, until: &str) -> MembershipFields {
    let role = check.choice("role", role, MEMBER_ROLES);
    let since = check.optional_date("since", since);
    let until = check.optional_date("until", until);
    if let (Some(s), Some(u)) = (&since, &until)
        && u < s
    {
        check.fail("until", "form-end-before-start");
    }
    MembershipFields { role, since, until }
}

fn check_phone(check: &mut Check, phone: &str) -> Option<String> {
    let p = check.optional("phone", phone, 40)?;
    let ok = p
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '.' | '(' | ')'))
        && p.chars().filter(char::is_ascii_digit).count() >= 6;
    if !ok {
        check.fail("phone", "form-bad-phone");
    }
    Some(p)
}

#[derive(Template)]
#[template(path = "directory/org_form.html")]
struct OrgFormPage {
    ctx: Ctx,
    community: Community,
    org_id: Option<OrganisationId>,
    form: OrgForm,
    themes: Vec<Theme>,
    kinds: &'static [&'static str],
    roles: &'static [&'static str],
    errors: Errors,
}

async fn new_org(
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
            kind: "association".into(),
            role: "member".into(),
            ..OrgForm::default()
        },
        themes,
        kinds: ORG_KINDS,
        roles: MEMBER_ROLES,
        errors: Errors::default(),
    })
}

async fn create_org(
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
        kinds: ORG_KINDS,
        roles: MEMBER_ROLES,
        errors: check.errors,
    })
}

async fn edit_org(
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
        kinds: ORG_KINDS,
        roles: MEMBER_ROLES,
        errors: Errors::default(),
    })
}

async fn update_org(
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
        kinds: ORG_KINDS,
        roles: MEMBER_ROLES,
        errors: check.errors,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfForm {
    csrf: String,
}

async fn remove_org(
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

#[derive(Template)]
#[template(path = "directory/add_member.html")]
struct AddMemberPage {
    ctx: Ctx,
    community: Community,
    q: String,
    candidates: Vec<MemberOrg>,
    roles: &'static [&'static str],
    errors: Errors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchQuery {
    q: String,
}

async fn add_member_page(
    state: &AppState,
    ctx: Ctx,
    community: Community,
    needle: String,
    errors: Errors,
) -> AppResult<Response> {
    let cid = community.id;
    let n = needle.clone();
    let candidates = if needle.trim().is_empty() {
        Vec::new()
    } else {
        state
            .db
            .run(move |c| Ok(q::candidates(c, cid, &n, 25)?))
            .await?
    };
    let failed = !errors.is_empty();
    let page = AddMemberPage {
        ctx,
        community,
        q: needle,
        candidates,
        roles: MEMBER_ROLES,
        errors,
    };
    if failed {
        unprocessable(&page)
    } else {
        render(&page)
    }
}

async fn add_member_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(sq): Query<SearchQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let needle: String = sq.q.chars().take(100).collect();
    add_member_page(&state, ctx, community, needle, Errors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AddMemberForm {
    csrf: String,
    organisation: String,
    role: String,
    since: String,
    q: String,
}

async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<AddMemberForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let org_id = check.optional_id("organisation", &f.organisation);
    let membership = check_membership(&mut check, &f.role, &f.since, "");
    if org_id.is_none() {
        check.fail("organisation", "form-required");
    }
    let cid = community.id;
    if check.ok() {
        let org_id = org_id.unwrap_or_default();
        let added = state
            .db
            .tx(move |c| {
                if !q::org_exists(c, org_id)? {
                    return Ok(None);
                }
                Ok(Some(q::add_membership(c, cid, org_id, &membership)?))
            })
            .await?;
        match added {
            Some(true) => {
                return Ok(
                    Redirect::to(&format!("/c/{}/organisations/{org_id}", community.slug))
                        .into_response(),
                );
            }
            Some(false) => check.fail("organisation", "member-already"),
            None => check.fail("organisation", "form-bad-choice"),
        }
    }
    let needle: String = f.q.chars().take(100).collect();
    add_member_page(&state, ctx, community, needle, check.errors).await
}

// ---- people ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct PeopleQuery {
    q: String,
    sex: String,
    role: String,
    organisation: String,
    theme: String,
    page: String,
}

#[derive(Template)]
#[template(path = "directory/people.html")]
struct PeoplePage {
    ctx: Ctx,
    community: Community,
    people: Vec<Person>,
    pager: Pager,
    filter: PeopleQuery,
    orgs: Vec<OrgRef>,
    themes: Vec<Theme>,
    roles: &'static [&'static str],
    can_manage: bool,
}

async fn people(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(mut fq): Query<PeopleQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    fq.q = fq.q.chars().take(100).collect();
    fq.sex = forms::kept(&fq.sex, SEXES);
    fq.role = forms::kept(&fq.role, PERSON_ROLES);
    let filter = PersonFilter {
        q: fq.q.clone(),
        sex: fq.sex.clone(),
        role: fq.role.clone(),
        organisation: id_filter(&fq.organisation),
        theme: id_filter(&fq.theme),
    };
    let page = forms::page_number(Some(&fq.page));
    let cid = community.id;
    let key = format!(
        "people:{cid}:{}:{}:{}:{:?}:{:?}:{page}",
        filter.q, filter.sex, filter.role, filter.organisation, filter.theme
    );
    let ((total, people), orgs, themes) = state
        .db
        .cached(key, move |c| {
            Ok((
                q::page_people(c, cid, &filter, Pager::offset(page), Pager::PER_PAGE)?,
                q::org_refs_in(c, cid)?,
                q::all_themes(c)?,
            ))
        })
        .await?;
    let pager = Pager::new(
        page,
        total,
        query_base(&[
            ("q", &fq.q),
            ("sex", &fq.sex),
            ("role", &fq.role),
            ("organisation", &fq.organisation),
            ("theme", &fq.theme),
        ]),
    );
    let can_manage = ctx.user.as_ref().is_some_and(|u| u.can_manage(cid));
    render(&PeoplePage {
        ctx,
        community,
        people,
        pager,
        filter: fq,
        orgs,
        themes,
        roles: PERSON_ROLES,
        can_manage,
    })
}

#[derive(Template)]
#[template(path = "directory/person.html")]
struct PersonPage {
    ctx: Ctx,
    community: Community,
    person: Person,
    can_manage: bool,
}

async fn person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PersonId)>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    let cid = community.id;
    let person = state
        .db
        .cached(format!("person:{cid}:{id}"), move |c| {
            Ok(q::person_in(c, cid, id)?)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let can_manage = ctx.user.as_ref().is_some_and(|u| u.can_manage(cid));
    render(&PersonPage {
        ctx,
        community,
        person,
        can_manage,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PersonForm {
    csrf: String,
    name: String,
    sex: String,
    organisation: String,
    function: String,
    email: String,
    phone: String,
    expertise: String,
    role: String,
    themes: Vec<String>,
}

impl PersonForm {
    fn from_person(p: &Person) -> Self {
        PersonForm {
            csrf: String::new(),
            name: p.name.clone(),
            sex: p.sex.clone(),
            organisation: p.organisation_id.map(|i| i.to_string()).unwrap_or_default(),
            function: p.function.clone().unwrap_or_default(),
            email: p.email.clone().unwrap_or_default(),
            phone: p.phone.clone().unwrap_or_default(),
            expertise: p.expertise.clone().unwrap_or_default(),
            role: p.role.clone(),
            themes: p.themes.iter().map(|t| t.id.to_string()).collect(),
        }
    }

    fn has_theme(&self, id: &ThemeId) -> bool {
        let id = id.to_string();
        self.themes.contains(&id)
    }

    fn check(&self, check: &mut Check, orgs: &[OrgRef], themes: &[Theme]) -> PersonFields {
        let organisation_id = check.optional_id("organisation", &self.organisation);
        // Only an organisation of this community: an id from elsewhere is refused.
        if let Some(id) = organisation_id
            && !orgs.iter().any(|o| o.id == id)
        {
            check.fail("organisation", "person-org-not-member");
        }
        PersonFields {
            name: check.required("name", &self.name, forms::SHORT),
            sex: check.choice("sex", &self.sex, SEXES),
            organisation_id,
            function: check.optional("function", &self.function, forms::SHORT),
            email: check.optional_email("email", &self.email),
            phone: check_phone(check, &self.phone),
            expertise: check.optional("expertise", &self.expertise, 2000),
            role: check.choice("role", &self.role, PERSON_ROLES),
            themes: check.picked("themes", &self.themes, themes),
        }
    }
}

#[derive(Template)]
#[template(path = "directory/person_form.html")]
struct PersonFormPage {
    ctx: Ctx,
    community: Community,
    person_id: Option<PersonId>,
    form: PersonForm,
    orgs: Vec<OrgRef>,
    themes: Vec<Theme>,
    roles: &'static [&'static str],
    errors: Errors,
}

async fn person_choices(
    state: &AppState,
    cid: CommunityId,
) -> AppResult<(Vec<OrgRef>, Vec<Theme>)> {
    state
        .db
        .run(move |c| Ok((q::org_refs_in(c, cid)?, q::all_themes(c)?)))
        .await
}

async fn new_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let (orgs, themes) = person_choices(&state, community.id).await?;
    render(&PersonFormPage {
        ctx,
        community,
        person_id: None,
        form: PersonForm {
            role: "member".into(),
            ..PersonForm::default()
        },
        orgs,
        themes,
        roles: PERSON_ROLES,
        errors: Errors::default(),
    })
}

async fn create_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<PersonForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let cid = community.id;
    let (orgs, themes) = person_choices(&state, cid).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &orgs, &themes);
    if check.ok() {
        let created = state
            .db
            .tx(move |c| {
                if q::person_duplicate(c, cid, &fields, None)? {
                    return Ok(None);
                }
                Ok(Some(q::create_person(c, cid, &fields, clock::now())?))
            })
            .await?;
        match created {
            Some(id) => {
                return Ok(
                    Redirect::to(&format!("/c/{}/personnes/{id}", community.slug)).into_response(),
                );
            }
            None => check.fail("name", "person-duplicate"),
        }
    }
    unprocessable(&PersonFormPage {
        ctx,
        community,
        person_id: None,
        form: f,
        orgs,
        themes,
        roles: PERSON_ROLES,
        errors: check.errors,
    })
}

async fn edit_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PersonId)>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let cid = community.id;
    let person = state
        .db
        .run(move |c| Ok(q::person_in(c, cid, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let (orgs, themes) = person_choices(&state, cid).await?;
    render(&PersonFormPage {
        ctx,
        community,
        person_id: Some(id),
        form: PersonForm::from_person(&person),
        orgs,
        themes,
        roles: PERSON_ROLES,
        errors: Errors::default(),
    })
}

async fn update_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PersonId)>,
    WebForm(f): WebForm<PersonForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let cid = community.id;
    let (orgs, themes) = person_choices(&state, cid).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &orgs, &themes);
    if check.ok() {
        let saved = state
            .db
            .tx(move |c| {
                if q::person_duplicate(c, cid, &fields, Some(id))? {
                    return Ok(None);
                }
                Ok(Some(q::update_person(c, cid, id, &fields, clock::now())?))
            })
            .await?;
        match saved {
            Some(true) => {
                return Ok(
                    Redirect::to(&format!("/c/{}/personnes/{id}", community.slug)).into_response(),
                );
            }
            Some(false) => return Err(AppError::NotFound),
            None => check.fail("name", "person-duplicate"),
        }
    }
    unprocessable(&PersonFormPage {
        ctx,
        community,
        person_id: Some(id),
        form: f,
        orgs,
        themes,
        roles: PERSON_ROLES,
        errors: check.errors,
    })
}

// ---- themes ----

#[derive(Template)]
#[template(path = "directory/themes.html")]
struct ThemesPage {
    ctx: Ctx,
    themes: Vec<Theme>,
    can_edit: bool,
    form: ThemeForm,
    errors: Errors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ThemeForm {
    csrf: String,
    name_fr: String,
    name_en: String,
    name_bm: String,
}

impl ThemeForm {
    fn check(&self, check: &mut Check) -> q::ThemeFields {
        let name_fr = check.required("name_fr", &self.name_fr, 120);
        q::ThemeFields {
            slug: crate::text::slugify(&name_fr),
            name_en: check.required("name_en", &self.name_en, 120),
            name_bm: check.optional("name_bm", &self.name_bm, 120),
            name_fr,
        }
    }
}

fn can_edit_themes(ctx: &Ctx) -> bool {
    ctx.user.as_ref().is_some_and(|u| u.coordinates_any())
}

async fn themes(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let themes = all_themes(&state).await?;
    let can_edit = can_edit_themes(&ctx);
    render(&ThemesPage {
        ctx,
        themes,
        can_edit,
        form: ThemeForm::default(),
        errors: Errors::default(),
    })
}

async fn create_theme(
    State(state): State<AppState>,
    ctx: Ctx,
    WebForm(f): WebForm<ThemeForm>,
) -> AppResult<Response> {
    ctx.user()?;
    if !can_edit_themes(&ctx) {
        return Err(AppError::Forbidden);
    }
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check);
    if fields.slug.is_empty() && check.ok() {
        check.fail("name_fr", "form-required");
    }
    if check.ok() {
        let created = state
            .db
            .tx(move |c| Ok(q::create_theme(c, &fields)?))
            .await?;
        if created.is_some() {
            return Ok(Redirect::to("/themes").into_response());
        }
        check.fail("name_fr", "theme-exists");
    }
    let themes = all_themes(&state).await?;
    unprocessable(&ThemesPage {
        ctx,
        themes,
        can_edit: true,
        form: f,
        errors: check.errors,
    })
}

async fn update_theme(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<ThemeId>,
    WebForm(f): WebForm<ThemeForm>,
) -> AppResult<Response> {
    ctx.user()?;
    if !can_edit_themes(&ctx) {
        return Err(AppError::Forbidden);
    }
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check);
    if check.ok() {
        let saved = state
            .db
            .tx(move |c| Ok(q::update_theme(c, id, &fields)?))
            .await?;
        if !saved {
            return Err(AppError::NotFound);
        }
        return Ok(Redirect::to("/themes").into_response());
    }
    let themes = all_themes(&state).await?;
    unprocessable(&ThemesPage {
        ctx,
        themes,
        can_edit: true,
        form: f,
        errors: check.errors,
    })
}
