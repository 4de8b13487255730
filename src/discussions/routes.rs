//! Question pages: list, ask, answer, improve an answer, mark the solution, moderate.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::queries::{self as q, ListFilter, Moderation, QuestionFields};
use super::{Answer, Question, QuestionRow, QuestionState, VISIBILITIES};
use crate::auth::Permission;
use crate::community::enter;
use crate::community::{Access, Community, Visibility};
use crate::directory::Theme;
use crate::directory::queries as dir;
use crate::error::{AppError, AppResult};
use crate::ids::{AnswerId, CommunityId, QuestionId, ThemeId};
use crate::web::unprocessable;
use crate::web::{Check, Ctx, Errors, Listing, Pager, WebForm, forms, redirect, render};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/questions", get(list))
        .route("/c/{slug}/questions/nouvelle", get(new_form).post(create))
        .route("/c/{slug}/questions/{id}", get(page))
        .route("/c/{slug}/questions/{id}/reponses", post(add_answer))
        .route(
            "/c/{slug}/questions/{id}/reponses/{aid}/modifier",
            get(edit_answer_form).post(edit_answer),
        )
        .route("/c/{slug}/questions/{id}/solution", post(mark_solution))
        .route("/c/{slug}/questions/{id}/moderation", post(moderate))
        .merge(super::export::router())
}

fn can_manage(ctx: &Ctx, cid: CommunityId) -> bool {
    ctx.user.as_ref().is_some_and(|u| u.can_manage(cid))
}

/// May answer: a contributor of the question's community, or, for a question put to the
/// network, a contributor of any community.
fn can_answer(ctx: &Ctx, question: &Question) -> bool {
    ctx.user.as_ref().is_some_and(|u| {
        u.can_contribute(question.community_id)
            || (question.visibility == Visibility::Network
                && u.roles.iter().any(|(c, _)| u.can_contribute(*c)))
    }) && !question.locked
        && !question.hidden
}

fn back(community: &Community, id: QuestionId, rest: &str) -> AppResult<Response> {
    redirect(&format!("/c/{}/questions/{id}{rest}", community.slug))
}

// ---- list ----

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ListQuery {
    pub(super) etat: String,
    pub(super) theme: String,
    page: String,
}

#[derive(Template)]
#[template(path = "discussions/list.html")]
struct ListPage {
    ctx: Ctx,
    community: Community,
    questions: Vec<QuestionRow>,
    pager: Pager,
    filter: ListQuery,
    themes: Vec<Theme>,
    states: &'static [QuestionState],
    can_ask: bool,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(mut fq): Query<ListQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    ctx.user()?;
    // An unknown state is no filter.
    let question_state: Option<QuestionState> = forms::code_filter(&mut fq.etat);
    let access = Access::of(ctx.user.as_ref(), cid);
    let filter = ListFilter {
        theme: forms::id_filter(&mut fq.theme),
        state: question_state,
        access: Some(access),
        with_hidden: can_manage(&ctx, cid),
    };
    let list = Listing::new(&fq.page, &[("etat", &fq.etat), ("theme", &fq.theme)]);
    let ((total, questions), themes) = list
        .cached(
            &state.db,
            "questions",
            format!("{cid}:{}:{}", access.code(), filter.with_hidden),
            move |c, offset| {
                Ok((
                    q::list(c, cid, &filter, offset, Pager::PER_PAGE)?,
                    dir::all_themes(c)?,
                ))
            },
        )
        .await?;
    let pager = list.pager(total);
    let can_ask = ctx.user.as_ref().is_some_and(|u| u.can_contribute(cid));
    render(&ListPage {
        ctx,
        community,
        questions,
        pager,
        filter: fq,
        themes,
        states: QuestionState::all(),
        can_ask,
    })
}

// ---- one question ----

async fn visible_question(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: QuestionId,
) -> AppResult<(Community, Question)> {
    let community = enter(state, ctx, slug, Permission::See).await?;
    ctx.user()?;
    let cid = community.id;
    let question = state
        .db
        .cached_found(format!("question:{cid}:{id}"), move |c| q::get(c, cid, id))
        .await?;
    let access = Access::of(ctx.user.as_ref(), cid);
    let may_see = access != Access::Public
        && access.allows(question.visibility)
        && (!question.hidden || can_manage(ctx, cid));
    if !may_see {
        return Err(AppError::NotFound);
    }
    Ok((community, question))
}

/// An answer as the page shows it.
pub struct ShownAnswer {
    pub answer: Answer,
    pub html: String,
    pub is_solution: bool,
    pub can_edit: bool,
}

#[derive(Template)]
#[template(path = "discussions/page.html")]
struct QuestionPage {
    ctx: Ctx,
    community: Community,
    question: Question,
    body_html: String,
    answers: Vec<ShownAnswer>,
    answer_total: i64,
    can_answer: bool,
    can_mark: bool,
    can_moderate: bool,
    form: AnswerForm,
    errors: Errors,
}

async fn question_page(
    state: &AppState,
    ctx: Ctx,
    community: Community,
    question: Question,
    form: AnswerForm,
    errors: Errors,
) -> AppResult<QuestionPage> {
    let qid = question.id;
    let all = state
        .db
        .cached(format!("answers:{qid}"), move |c| Ok(q::answers(c, qid)?))
        .await?;
    let can_moderate = can_manage(&ctx, community.id);
    let user_id = ctx.user.as_ref().map(|u| u.id);
    let mut answers: Vec<ShownAnswer> = all
        .into_iter()
        .filter(|a| !a.hidden || can_moderate)
        .map(|a| ShownAnswer {
            html: crate::text::markdown(&a.body),
            is_solution: question.solution_id == Some(a.id),
            can_edit: a.author_id.is_some() && a.author_id == user_id && !question.locked,
            answer: a,
        })
        .collect();
    // The solution first: the reader came for it.
    answers.sort_by_key(|a| !a.is_solution);
    let can_mark = (question.author_id.is_some() && question.author_id == user_id) || can_moderate;
    Ok(QuestionPage {
        answer_total: answers.len() as i64,
        body_html: crate::text::markdown(&question.body),
        can_answer: can_answer(&ctx, &question),
        can_mark,
        can_moderate,
        ctx,
        community,
        question,
        answers,
        form,
        errors,
    })
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, QuestionId)>,
) -> AppResult<Response> {
    let (community, question) = visible_question(&state, &ctx, &slug, id).await?;
    let page = question_page(
        &state,
        ctx,
        community,
        question,
        AnswerForm::default(),
        Errors::default(),
    )
    .await?;
    render(&page)
}

// ---- ask ----

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct QuestionForm {
    csrf: String,
    title: String,
    body: String,
    visibility: String,
    themes: Vec<String>,
}

impl QuestionForm {
    fn has_theme(&self, id: &ThemeId) -> bool {
        self.themes.contains(&id.to_string())
    }
}

#[derive(Template)]
#[template(path = "discussions/form.html")]
struct AskPage {
    ctx: Ctx,
    community: Community,
    form: QuestionForm,
    themes: Vec<Theme>,
    visibilities: &'static [Visibility],
    errors: Errors,
}

fn ask_page(
    ctx: Ctx,
    community: Community,
    form: QuestionForm,
    themes: Vec<Theme>,
    errors: Errors,
) -> AskPage {
    AskPage {
        ctx,
        community,
        form,
        themes,
        visibilities: VISIBILITIES,
        errors,
    }
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Contribute).await?;
    let themes = state.db.run(|c| Ok(dir::all_themes(c)?)).await?;
    let form = QuestionForm {
        visibility: Visibility::Network.code().to_owned(),
        ..Default::default()
    };
    render(&ask_page(ctx, community, form, themes, Errors::default()))
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<QuestionForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Contribute).await?;
    ctx.check_csrf(&f.csrf)?;
    let themes = state.db.run(|c| Ok(dir::all_themes(c)?)).await?;
    let mut check = Check::new(ctx.tr);
    let fields = QuestionFields {
        title: check.required("title", &f.title, forms::SHORT),
        body: check.required("body", &f.body, forms::LONG),
        visibility: check_visibility(&mut check, &f.visibility),
        themes: check.picked("themes", &f.themes, &themes),
    };
    if !check.ok() {
        return unprocessable(&ask_page(ctx, community, f, themes, check.errors));
    }
    let (cid, user_id) = (community.id, ctx.user()?.id);
    let id = state
        .db
        .tx(move |c| Ok(q::create(c, cid, &fields, user_id, clock::now())?))
        .await?;
    back(&community, id, "")
}

/// One of the visibilities a question may have: a public one is refused like an unknown one.
fn check_visibility(check: &mut Check, raw: &str) -> Visibility {
    let visibility = check.pick("visibility", raw);
    if !VISIBILITIES.contains(&visibility) {
        check.fail("visibility", "form-bad-choice");
    }
    visibility
}

// ---- answer ----

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct AnswerForm {
    csrf: String,
    body: String,
}

async fn add_answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, QuestionId)>,
    WebForm(f): WebForm<AnswerForm>,
) -> AppResult<Response> {
    let (community, question) = visible_question(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    if !can_answer(&ctx, &question) {
        return Err(AppError::Forbidden);
    }
    let mut check = Check::new(ctx.tr);
    let body = check.required("body", &f.body, forms::LONG);
    if !check.ok() {
        let page = question_page(&state, ctx, community, question, f, check.errors).await?;
        return unprocessable(&page);
    }
    let user_id = ctx.user()?.id;
    let added = state
        .db
        .tx(move |c| Ok(q::answer(c, id, &body, user_id, clock::now())?))
        .await?;
    match added {
        Some(aid) => back(&community, id, &format!("#r{aid}")),
        None => Err(AppError::Forbidden),
    }
}

#[derive(Template)]
#[template(path = "discussions/answer_form.html")]
struct EditAnswerPage {
    ctx: Ctx,
    community: Community,
    question: Question,
    answer_id: AnswerId,
    form: AnswerForm,
    errors: Errors,
}

/// An answer its author may still improve.
async fn own_answer(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: QuestionId,
    aid: AnswerId,
) -> AppResult<(Community, Question, Answer)> {
    let (community, question) = visible_question(state, ctx, slug, id).await?;
    let answer = state.db.found(move |c| q::answer_of(c, id, aid)).await?;
    let user_id = ctx.user()?.id;
    if answer.author_id != Some(user_id) || question.locked || answer.hidden {
        return Err(AppError::Forbidden);
    }
    Ok((community, question, answer))
}

async fn edit_answer_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, aid)): Path<(String, QuestionId, AnswerId)>,
) -> AppResult<Response> {
    let (community, question, answer) = own_answer(&state, &ctx, &slug, id, aid).await?;
    let form = AnswerForm {
        csrf: String::new(),
        body: answer.body,
    };
    render(&EditAnswerPage {
        ctx,
        community,
        question,
        answer_id: aid,
        form,
        errors: Errors::default(),
    })
}

async fn edit_answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, aid)): Path<(String, QuestionId, AnswerId)>,
    WebForm(f): WebForm<AnswerForm>,
) -> AppResult<Response> {
    let (community, question, _) = own_answer(&state, &ctx, &slug, id, aid).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let body = check.required("body", &f.body, forms::LONG);
    if !check.ok() {
        return unprocessable(&EditAnswerPage {
            ctx,
            community,
            question,
            answer_id: aid,
            form: f,
            errors: check.errors,
        });
    }
    state
        .db
        .tx(move |c| Ok(q::edit_answer(c, id, aid, &body, clock::now())?))
        .await?;
    back(&community, id, &format!("#r{aid}"))
}

// ---- solution and moderation ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct SolutionForm {
    csrf: String,
    answer: String,
}

async fn mark_solution(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, QuestionId)>,
    WebForm(f): WebForm<SolutionForm>,
) -> AppResult<Response> {
    let (community, question) = visible_question(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.user()?;
    if question.author_id != Some(user.id) && !user.can_manage(community.id) {
        return Err(AppError::Forbidden);
    }
    let chosen = match f.answer.trim() {
        "" => None,
        raw => {
            let aid: AnswerId = raw.parse().map_err(|_| AppError::BadRequest)?;
            let answer = state.db.found(move |c| q::answer_of(c, id, aid)).await?;
            if answer.hidden {
                return Err(AppError::BadRequest);
            }
            Some(aid)
        }
    };
    state
        .db
        .tx(move |c| Ok(q::set_solution(c, id, chosen, clock::now())?))
        .await?;
    back(
        &community,
        id,
        &chosen.map(|a| format!("#r{a}")).unwrap_or_default(),
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ModerationForm {
    csrf: String,
    action: String,
    answer: String,
    reason: String,
}

async fn moderate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, QuestionId)>,
    WebForm(f): WebForm<ModerationForm>,
) -> AppResult<Response> {
    let (community, question) = visible_question(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    if !can_manage(&ctx, community.id) {
        return Err(AppError::Forbidden);
    }
    let act = Moderation::parse(&f.action).ok_or(AppError::BadRequest)?;
    let answer = match f.answer.trim() {
        "" => None,
        raw => Some(raw.parse::<AnswerId>().map_err(|_| AppError::BadRequest)?),
    };
    let mut check = Check::new(ctx.tr);
    let reason = check.required("reason", &f.reason, 500);
    if !check.ok() {
        let page = question_page(
            &state,
            ctx,
            community,
            question,
            AnswerForm::default(),
            check.errors,
        )
        .await?;
        return unprocessable(&page);
    }
    let user_id = ctx.user()?.id;
    state
        .db
        .tx_changed(move |c| q::moderate(c, id, answer, act, &reason, user_id))
        .await?;
    back(
        &community,
        id,
        &answer.map(|a| format!("#r{a}")).unwrap_or_default(),
    )
}
