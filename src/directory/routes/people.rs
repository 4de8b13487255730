//! People of a community: the list, one person's page, the form.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::check_phone;
use crate::auth::Permission;
use crate::community::Community;
use crate::community::enter;
use crate::directory::queries::{self as q, PersonFields, PersonFilter};
use crate::directory::{OrgRef, Person, PersonRole, Sex, Theme};
use crate::error::{AppError, AppResult};
use crate::ids::{CommunityId, PersonId, ThemeId};
use crate::web::forms::{code_filter, id_filter};
use crate::web::unprocessable;
use crate::web::{Check, Ctx, Errors, Listing, Pager, WebForm, forms, redirect, render};
use crate::{AppState, clock};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PeopleQuery {
    q: String,
    sex: String,
    role: String,
    organisation: String,
    theme: String,
    page: String,
}

impl PeopleQuery {
    /// The list's filters, cleaned (an unknown code or id is no filter), for the page and
    /// its downloads.
    pub(super) fn filter(&mut self) -> PersonFilter {
        PersonFilter {
            q: forms::text_filter(&mut self.q),
            sex: code_filter(&mut self.sex),
            role: code_filter(&mut self.role),
            organisation: id_filter(&mut self.organisation),
            theme: id_filter(&mut self.theme),
        }
    }
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
    sexes: &'static [Sex],
    roles: &'static [PersonRole],
    can_manage: bool,
}

pub(super) async fn people(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(mut fq): Query<PeopleQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    let filter = fq.filter();
    let list = Listing::new(
        &fq.page,
        &[
            ("q", &fq.q),
            ("sex", &fq.sex),
            ("role", &fq.role),
            ("organisation", &fq.organisation),
            ("theme", &fq.theme),
        ],
    );
    let cid = community.id;
    let ((total, people), orgs, themes) = list
        .cached(&state.db, "people", cid, move |c, offset| {
            Ok((
                q::page_people(c, cid, &filter, offset, Pager::PER_PAGE)?,
                q::org_refs_in(c, cid)?,
                q::all_themes(c)?,
            ))
        })
        .await?;
    let pager = list.pager(total);
    let can_manage = ctx.user.as_ref().is_some_and(|u| u.can_manage(cid));
    render(&PeoplePage {
        ctx,
        community,
        people,
        pager,
        filter: fq,
        orgs,
        themes,
        sexes: Sex::all(),
        roles: PersonRole::all(),
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

pub(super) async fn person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PersonId)>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    let cid = community.id;
    let person = state
        .db
        .cached_found(format!("person:{cid}:{id}"), move |c| {
            q::person_in(c, cid, id)
        })
        .await?;
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
pub(super) struct PersonForm {
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
            sex: p.sex.code().to_owned(),
            organisation: p.organisation_id.map(|i| i.to_string()).unwrap_or_default(),
            function: p.function.clone().unwrap_or_default(),
            email: p.email.clone().unwrap_or_default(),
            phone: p.phone.clone().unwrap_or_default(),
            expertise: p.expertise.clone().unwrap_or_default(),
            role: p.role.code().to_owned(),
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
            sex: check.pick("sex", &self.sex),
            organisation_id,
            function: check.optional("function", &self.function, forms::SHORT),
            email: check.optional_email("email", &self.email),
            phone: check_phone(check, &self.phone),
            expertise: check.optional("expertise", &self.expertise, 2000),
            role: check.pick("role", &self.role),
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
    sexes: &'static [Sex],
    roles: &'static [PersonRole],
    errors: Errors,
}

fn person_form_page(
    ctx: Ctx,
    community: Community,
    person_id: Option<PersonId>,
    form: PersonForm,
    (orgs, themes): (Vec<OrgRef>, Vec<Theme>),
    errors: Errors,
) -> PersonFormPage {
    PersonFormPage {
        ctx,
        community,
        person_id,
        form,
        orgs,
        themes,
        sexes: Sex::all(),
        roles: PersonRole::all(),
        errors,
    }
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

pub(super) async fn new_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let (orgs, themes) = person_choices(&state, community.id).await?;
    render(&person_form_page(
        ctx,
        community,
        None,
        PersonForm {
            role: PersonRole::Member.code().into(),
            ..PersonForm::default()
        },
        (orgs, themes),
        Errors::default(),
    ))
}

pub(super) async fn create_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<PersonForm>,
) -> AppResult<Response> {
    save_person(state, ctx, &slug, None, f).await
}

pub(super) async fn edit_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PersonId)>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let cid = community.id;
    let person = state.db.found(move |c| q::person_in(c, cid, id)).await?;
    let (orgs, themes) = person_choices(&state, cid).await?;
    render(&person_form_page(
        ctx,
        community,
        Some(id),
        PersonForm::from_person(&person),
        (orgs, themes),
        Errors::default(),
    ))
}

pub(super) async fn update_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, PersonId)>,
    WebForm(f): WebForm<PersonForm>,
) -> AppResult<Response> {
    save_person(state, ctx, &slug, Some(id), f).await
}

/// Records a new person (`id` none) or changes one of the community's; a person of the same
/// name already there is refused with a message, and nothing is written.
async fn save_person(
    state: AppState,
    ctx: Ctx,
    slug: &str,
    id: Option<PersonId>,
    f: PersonForm,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let cid = community.id;
    let (orgs, themes) = person_choices(&state, cid).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &orgs, &themes);
    if check.ok() {
        let saved = state
            .db
            .tx(move |c| {
                if q::person_duplicate(c, cid, &fields, id)? {
                    return Ok(None);
                }
                let now = clock::now();
                Ok(Some(match id {
                    None => Some(q::create_person(c, cid, &fields, now)?),
                    Some(id) => q::update_person(c, cid, id, &fields, now)?.then_some(id),
                }))
            })
            .await?;
        match saved {
            Some(Some(id)) => return redirect(&format!("/c/{}/personnes/{id}", community.slug)),
            Some(None) => return Err(AppError::NotFound),
            None => check.fail("name", "person-duplicate"),
        }
    }
    let page = person_form_page(ctx, community, id, f, (orgs, themes), check.errors);
    unprocessable(&page)
}
