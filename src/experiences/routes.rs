//! Experience pages: list by theme or organisation, read, write up, edit.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::queries::{self as q, ExperienceFields, ListFilter};
use super::{Experience, ExperienceRow};
use crate::auth::Permission;
use crate::community::{Access, Community, Visibility};
use crate::community::{enter, enter_cached_record, enter_editable};
use crate::directory::queries as dir;
use crate::directory::{MemberOrg, Theme};
use crate::error::AppResult;
use crate::ids::{ActivityId, CommunityId, ExperienceId, ThemeId};
use crate::web::unprocessable;
use crate::web::{Check, Ctx, Errors, Listing, Pager, WebForm, forms, redirect, render};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/experiences", get(list))
        .route("/c/{slug}/experiences/nouvelle", get(new_form).post(create))
        .route("/c/{slug}/experiences/{id}", get(page))
        .route(
            "/c/{slug}/experiences/{id}/modifier",
            get(edit_form).post(update),
        )
}

fn access(ctx: &Ctx, cid: CommunityId) -> Access {
    Access::of(ctx.user.as_ref(), cid)
}

fn can_edit(ctx: &Ctx, e: &Experience) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| u.can_edit_own(e.community_id, e.created_by))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    theme: String,
    organisation: String,
    page: String,
}

#[derive(Template)]
#[template(path = "experiences/list.html")]
struct ListPage {
    ctx: Ctx,
    community: Community,
    experiences: Vec<ExperienceRow>,
    pager: Pager,
    filter: ListQuery,
    themes: Vec<Theme>,
    can_write: bool,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(mut fq): Query<ListQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    let filter = ListFilter {
        theme: forms::id_filter(&mut fq.theme),
        organisation: forms::id_filter(&mut fq.organisation),
        activity: None,
        access: Some(access(&ctx, cid)),
    };
    let list = Listing::new(
        &fq.page,
        &[("theme", &fq.theme), ("organisation", &fq.organisation)],
    );
    let ((total, experiences), themes) = list
        .cached(
            &state.db,
            "experiences",
            format!("{cid}:{}", access(&ctx, cid).code()),
            move |c, offset| {
                Ok((
                    q::list(c, cid, &filter, offset, Pager::PER_PAGE)?,
                    dir::all_themes(c)?,
                ))
            },
        )
        .await?;
    let pager = list.pager(total);
    let can_write = ctx.user.as_ref().is_some_and(|u| u.can_contribute(cid));
    render(&ListPage {
        ctx,
        community,
        experiences,
        pager,
        filter: fq,
        themes,
        can_write,
    })
}

#[derive(Template)]
#[template(path = "experiences/page.html")]
struct ExperiencePage {
    ctx: Ctx,
    community: Community,
    experience: Experience,
    sections: Vec<(&'static str, String)>,
    can_edit: bool,
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ExperienceId)>,
) -> AppResult<Response> {
    let (community, experience) = enter_cached_record(
        &state,
        &ctx,
        &slug,
        Permission::See,
        ("experience", id),
        move |c, cid| q::get(c, cid, id),
    )
    .await?;
    if !access(&ctx, community.id).allows(experience.visibility) {
        return Err(ctx.unseen());
    }
    let md = crate::text::markdown;
    let sections = vec![
        ("experience-context", md(&experience.context)),
        ("experience-actions", md(&experience.actions)),
        ("experience-results", md(&experience.results)),
        ("experience-lessons", md(&experience.lessons)),
        ("experience-contacts", md(&experience.contacts)),
    ]
    .into_iter()
    .filter(|(_, html)| !html.trim().is_empty())
    .collect();
    let can_edit = can_edit(&ctx, &experience);
    render(&ExperiencePage {
        ctx,
        community,
        experience,
        sections,
        can_edit,
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ExperienceForm {
    csrf: String,
    organisation: String,
    activity: String,
    title: String,
    context: String,
    actions: String,
    results: String,
    lessons: String,
    contacts: String,
    visibility: String,
    themes: Vec<String>,
}

impl ExperienceForm {
    fn from_experience(e: &Experience) -> Self {
        ExperienceForm {
            csrf: String::new(),
            organisation: e.organisation_id.to_string(),
            activity: e.activity_id.map(|a| a.to_string()).unwrap_or_default(),
            title: e.title.clone(),
            context: e.context.clone(),
            actions: e.actions.clone(),
            results: e.results.clone(),
            lessons: e.lessons.clone(),
            contacts: e.contacts.clone(),
            visibility: e.visibility.code().to_owned(),
            themes: e.themes.iter().map(|t| t.id.to_string()).collect(),
        }
    }

    fn has_theme(&self, id: &ThemeId) -> bool {
        self.themes.contains(&id.to_string())
    }

    fn check(&self, check: &mut Check, choices: &Choices) -> ExperienceFields {
        let organisation_id = check.optional_id("organisation", &self.organisation);
        match organisation_id {
            None => check.fail("organisation", "form-required"),
            Some(id) if !choices.orgs.iter().any(|o| o.org.id == id) => {
                check.fail("organisation", "form-bad-choice")
            }
            _ => {}
        }
        let activity_id = check.optional_id("activity", &self.activity);
        if activity_id.is_some_and(|id| !choices.activities.iter().any(|(a, _)| *a == id)) {
            check.fail("activity", "form-bad-choice");
        }
        ExperienceFields {
            organisation_id: organisation_id.unwrap_or_default(),
            activity_id,
            title: check.required("title", &self.title, forms::SHORT),
            context: check.required("context", &self.context, forms::LONG),
            actions: check.required("actions", &self.actions, forms::LONG),
            results: check
                .optional("results", &self.results, forms::LONG)
                .unwrap_or_default(),
            lessons: check
                .optional("lessons", &self.lessons, forms::LONG)
                .unwrap_or_default(),
            contacts: check
                .optional("contacts", &self.contacts, 2000)
                .unwrap_or_default(),
            visibility: check.pick("visibility", &self.visibility),
            themes: check.picked("themes", &self.themes, &choices.themes),
        }
    }
}

struct Choices {
    themes: Vec<Theme>,
    orgs: Vec<MemberOrg>,
    activities: Vec<(ActivityId, String)>,
}

async fn choices(state: &AppState, cid: CommunityId) -> AppResult<Choices> {
    state
        .db
        .run(move |c| {
            Ok(Choices {
                themes: dir::all_themes(c)?,
                orgs: dir::member_orgs(c, cid, 1000)?,
                activities: q::activity_choices(c, cid)?,
            })
        })
        .await
}

#[derive(Template)]
#[template(path = "experiences/form.html")]
struct FormPage {
    ctx: Ctx,
    community: Community,
    experience_id: Option<ExperienceId>,
    form: ExperienceForm,
    choices: Choices,
    visibilities: &'static [Visibility],
    errors: Errors,
}

fn form_page(
    ctx: Ctx,
    community: Community,
    experience_id: Option<ExperienceId>,
    form: ExperienceForm,
    choices: Choices,
    errors: Errors,
) -> FormPage {
    FormPage {
        ctx,
        community,
        experience_id,
        form,
        choices,
        visibilities: Visibility::all(),
        errors,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewQuery {
    activite: String,
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(nq): Query<NewQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Contribute).await?;
    let choices = choices(&state, community.id).await?;
    let form = ExperienceForm {
        visibility: Visibility::Network.code().to_owned(),
        activity: nq.activite,
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

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<ExperienceForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Contribute).await?;
    ctx.check_csrf(&f.csrf)?;
    let choices = choices(&state, community.id).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &choices);
    if !check.ok() {
        return unprocessable(&form_page(ctx, community, None, f, choices, check.errors));
    }
    let (cid, user_id) = (community.id, ctx.user()?.id);
    let id = state
        .db
        .tx(move |c| Ok(q::create(c, cid, &fields, user_id, clock::now())?))
        .await?;
    redirect(&format!("/c/{}/experiences/{id}", community.slug))
}

async fn editable(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: ExperienceId,
) -> AppResult<(Community, Experience)> {
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
    Path((slug, id)): Path<(String, ExperienceId)>,
) -> AppResult<Response> {
    let (community, experience) = editable(&state, &ctx, &slug, id).await?;
    let choices = choices(&state, community.id).await?;
    let form = ExperienceForm::from_experience(&experience);
    render(&form_page(
        ctx,
        community,
        Some(id),
        form,
        choices,
        Errors::default(),
    ))
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, ExperienceId)>,
    WebForm(f): WebForm<ExperienceForm>,
) -> AppResult<Response> {
    let (community, _) = editable(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let choices = choices(&state, community.id).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &choices);
    if !check.ok() {
        return unprocessable(&form_page(
            ctx,
            community,
            Some(id),
            f,
            choices,
            check.errors,
        ));
    }
    state
        .db
        .tx(move |c| Ok(q::update(c, id, &fields, clock::now())?))
        .await?;
    redirect(&format!("/c/{}/experiences/{id}", community.slug))
}
