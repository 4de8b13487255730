//! Committee pages (list, page, forms) and the candidate pages behind the access rule
//! (`may_see_candidates`): list, record, forms, path, coaching sessions, export, anonymise
//! and erase. Candidate responses are never cached (`Cache-Control: no-store`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::candidates::{self as cq, Candidate, CandidateFields, Personal, Session, SessionFields};
use super::queries::{self as q, CommitteeFields};
use super::{
    CandidateRow, Committee, CommitteeRow, ConsentHow, Figures, Member, Office, PUBLIC_THRESHOLD,
    SessionRow, Stage, may_see_candidates,
};
use crate::auth::Permission;
use crate::community::{Community, CommunityRef, enter, queries as communities};
use crate::crypto::{self, DataKey};
use crate::error::{AppError, AppResult};
use crate::ids::{CandidateId, CoachingId, CommitteeId, CommunityId, PersonId, UserId};
use crate::web::{Check, Ctx, Errors, WebForm, forms, render, unprocessable};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    let k = "/c/{slug}/comites/{id}";
    Router::new()
        .route("/c/{slug}/comites", get(list))
        .route("/c/{slug}/comites/nouveau", get(new_form).post(create))
        .route(k, get(page))
        .route(&format!("{k}/modifier"), get(edit_form).post(update))
        .route(&format!("{k}/candidates"), get(candidates))
        .route(
            &format!("{k}/candidates/nouvelle"),
            get(new_candidate_form).post(create_candidate),
        )
        .route(&format!("{k}/export.csv"), get(export))
        .route(&format!("{k}/candidates/{{cid}}"), get(candidate))
        .route(
            &format!("{k}/candidates/{{cid}}/modifier"),
            get(edit_candidate_form).post(update_candidate),
        )
        .route(&format!("{k}/candidates/{{cid}}/etape"), post(set_stage))
        .route(
            &format!("{k}/candidates/{{cid}}/anonymiser"),
            post(anonymise),
        )
        .route(&format!("{k}/candidates/{{cid}}/effacer"), post(erase))
        .route(
            &format!("{k}/seances/nouvelle"),
            get(new_session_form).post(create_session),
        )
        .route(&format!("{k}/seances/{{sid}}"), get(session))
}

impl forms::Choice for Member {
    type Id = PersonId;
    fn choice_id(&self) -> PersonId {
        self.id
    }
}

impl forms::Choice for CommunityRef {
    type Id = CommunityId;
    fn choice_id(&self) -> CommunityId {
        self.id
    }
}

/// No copy of a candidate page in any cache.
fn private(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn refused(ctx: &Ctx) -> AppError {
    if ctx.user.is_some() {
        AppError::Forbidden
    } else {
        AppError::LoginRequired
    }
}

async fn committee_in(state: &AppState, cid: CommunityId, id: CommitteeId) -> AppResult<Committee> {
    state
        .db
        .run(move |c| Ok(q::get_in(c, cid, id)?))
        .await?
        .ok_or(AppError::NotFound)
}

// ---- Committees ----

#[derive(Template)]
#[template(path = "committees/list.html")]
struct ListPage {
    ctx: Ctx,
    community: Community,
    committees: Vec<CommitteeRow>,
    can_manage: bool,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    let member = ctx.user.as_ref().is_some_and(|u| u.is_member(cid));
    let committees = state.db.run(move |c| Ok(q::list(c, cid, !member)?)).await?;
    let can_manage = ctx.user.as_ref().is_some_and(|u| u.can_manage(cid));
    render(&ListPage {
        ctx,
        community,
        committees,
        can_manage,
    })
}

#[derive(Template)]
#[template(path = "committees/page.html")]
struct CommitteePage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    figures: Figures,
    /// A member of one of the committee's communities: members and exact figures.
    full: bool,
    may_see: bool,
    can_manage: bool,
}

impl CommitteePage {
    fn member_count(&self) -> i64 {
        self.committee.members.len() as i64
    }

    /// A figure as shown: exact for members, "fewer than 5" below the threshold in public.
    fn figure(&self, n: &i64) -> String {
        if self.full || *n >= PUBLIC_THRESHOLD {
            self.ctx.tr.num(*n)
        } else {
            self.ctx.t("committee-fewer-than-5").into_owned()
        }
    }
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    // The committee and its figures (aggregates, never a candidate) go through the read cache.
    let (committee, figures) = state
        .db
        .cached(format!("committee-page:{cid}:{id}"), move |c| {
            Ok(match q::get_in(c, cid, id)? {
                Some(k) => {
                    let figures = q::figures(c, k.id)?;
                    Some((k, figures))
                }
                None => None,
            })
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let user = ctx.user.clone();
    let full = user
        .as_ref()
        .is_some_and(|u| committee.communities.iter().any(|c| u.is_member(c.id)));
    if !full && !committee.figures_public {
        return Err(refused(&ctx));
    }
    let may_see = match &user {
        Some(_) => {
            let k = committee.clone();
            state
                .db
                .run(move |c| Ok(may_see_candidates(c, user.as_ref(), &k)?))
                .await?
        }
        None => false,
    };
    let can_manage = committee.managed_by(ctx.user.as_ref());
    render(&CommitteePage {
        ctx,
        community,
        committee,
        figures,
        full,
        may_see,
        can_manage,
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct CommitteeForm {
    csrf: String,
    name: String,
    mandate: String,
    communities: Vec<String>,
    members: Vec<String>,
    chair: String,
    figures_public: String,
}

impl CommitteeForm {
    fn from_committee(k: &Committee) -> Self {
        CommitteeForm {
            csrf: String::new(),
            name: k.name.clone(),
            mandate: k.mandate.clone(),
            communities: k.communities.iter().map(|c| c.id.to_string()).collect(),
            members: k.members.iter().map(|m| m.id.to_string()).collect(),
            chair: k.chair_id.map(|p| p.to_string()).unwrap_or_default(),
            figures_public: if k.figures_public { "1" } else { "" }.to_owned(),
        }
    }

    fn has_community(&self, id: &CommunityId) -> bool {
        self.communities.contains(&id.to_string())
    }

    fn has_member(&self, id: &PersonId) -> bool {
        self.members.contains(&id.to_string())
    }

    fn check(
        &self,
        check: &mut Check,
        choices: &CommitteeChoices,
        home: CommunityId,
    ) -> CommitteeFields {
        let mut communities = check.picked("communities", &self.communities, &choices.communities);
        if !communities.contains(&home) {
            communities.insert(0, home);
        }
        let members = check.picked("members", &self.members, &choices.people);
        // A member comes from one of the committee's communities.
        if members.iter().any(|m| {
            !choices
                .people_by_community
                .iter()
                .any(|(c, p)| *p == *m && communities.contains(c))
        }) {
            check.fail("members", "committee-member-outside");
        }
        let chair_id: Option<PersonId> = check.optional_id("chair", &self.chair);
        if chair_id.is_some_and(|c| !members.contains(&c)) {
            check.fail("chair", "committee-chair-not-member");
        }
        CommitteeFields {
            name: check.required("name", &self.name, forms::SHORT),
            mandate: check
                .optional("mandate", &self.mandate, forms::LONG)
                .unwrap_or_default(),
            communities,
            members,
            chair_id,
            figures_public: !self.figures_public.is_empty(),
        }
    }
}

struct CommitteeChoices {
    /// The other communities it may also belong to: the linked ones.
    communities: Vec<CommunityRef>,
    people: Vec<Member>,
    people_by_community: Vec<(CommunityId, PersonId)>,
}

async fn committee_choices(state: &AppState, home: &Community) -> AppResult<CommitteeChoices> {
    let home_ref = CommunityRef {
        id: home.id,
        slug: home.slug.clone(),
        name: home.name.clone(),
    };
    state
        .db
        .run(move |c| {
            let home_id = home_ref.id;
            let mut all = vec![home_ref];
            all.extend(communities::links(c, home_id)?.into_iter().map(|l| l.other));
            let mut people = Vec::new();
            let mut by = Vec::new();
            for cm in &all {
                for p in q::people_of(c, &[cm.id])? {
                    by.push((cm.id, p.id));
                    if !people.iter().any(|m: &Member| m.id == p.id) {
                        people.push(p);
                    }
                }
            }
            people.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(CommitteeChoices {
                communities: all,
                people,
                people_by_community: by,
            })
        })
        .await
}

#[derive(Template)]
#[template(path = "committees/form.html")]
struct CommitteeFormPage {
    ctx: Ctx,
    community: Community,
    committee_id: Option<CommitteeId>,
    form: CommitteeForm,
    choices: CommitteeChoices,
    errors: Errors,
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let choices = committee_choices(&state, &community).await?;
    let form = CommitteeForm {
        communities: vec![community.id.to_string()],
        ..Default::default()
    };
    render(&CommitteeFormPage {
        ctx,
        community,
        committee_id: None,
        form,
        choices,
        errors: Errors::default(),
    })
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<CommitteeForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let choices = committee_choices(&state, &community).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &choices, community.id);
    if !check.ok() {
        return unprocessable(&CommitteeFormPage {
            ctx,
            community,
            committee_id: None,
            form: f,
            choices,
            errors: check.errors,
        });
    }
    let user = ctx.user()?.id;
    let id = state
        .db
        .tx(move |c| Ok(q::create(c, &fields, Some(user), clock::now())?))
        .await?;
    Ok(Redirect::to(&format!("/c/{}/comites/{id}", community.slug)).into_response())
}

async fn managed(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: CommitteeId,
) -> AppResult<(Community, Committee)> {
    let community = enter(state, ctx, slug, Permission::See).await?;
    ctx.user()?;
    let committee = committee_in(state, community.id, id).await?;
    if !committee.managed_by(ctx.user.as_ref()) {
        return Err(AppError::Forbidden);
    }
    Ok((community, committee))
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
) -> AppResult<Response> {
    let (community, committee) = managed(&state, &ctx, &slug, id).await?;
    let choices = committee_choices(&state, &community).await?;
    render(&CommitteeFormPage {
        ctx,
        community,
        committee_id: Some(id),
        form: CommitteeForm::from_committee(&committee),
        choices,
        errors: Errors::default(),
    })
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
    WebForm(f): WebForm<CommitteeForm>,
) -> AppResult<Response> {
    let (community, _) = managed(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let choices = committee_choices(&state, &community).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &choices, community.id);
    if !check.ok() {
        return unprocessable(&CommitteeFormPage {
            ctx,
            community,
            committee_id: Some(id),
            form: f,
            choices,
            errors: check.errors,
        });
    }
    state
        .db
        .tx(move |c| Ok(q::update(c, id, &fields, clock::now())?))
        .await?;
    Ok(Redirect::to(&format!("/c/{}/comites/{id}", community.slug)).into_response())
}

// ---- Candidates: every handler below starts with `guarded` ----

/// The door to the candidate pages: the committee, the data key and the account, or the
/// refusal of [`may_see_candidates`].
async fn guarded(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: CommitteeId,
) -> AppResult<(Community, Committee, DataKey, UserId)> {
    let community = enter(state, ctx, slug, Permission::See).await?;
    let committee = committee_in(state, community.id, id).await?;
    let (k, user) = (committee.clone(), ctx.user.clone());
    let allowed = state
        .db
        .run(move |c| Ok(may_see_candidates(c, user.as_ref(), &k)?))
        .await?;
    if !allowed {
        // A refused account is written down too: who tried to read what, and when.
        if let Some(user) = ctx.user.as_ref().map(|u| u.id) {
            state
                .db
                .tx(move |c| {
                    Ok(crate::audit::record(
                        c,
                        Some(user),
                        "candidate.refused",
                        "committee",
                        id,
                        "",
                    )?)
                })
                .await?;
        }
        return Err(refused(ctx));
    }
    let key = crypto::key(&state.config)?;
    Ok((community, committee, key, ctx.user()?.id))
}

#[derive(Template)]
#[template(path = "committees/candidates.html")]
struct CandidatesPage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    candidates: Vec<CandidateRow>,
    sessions: Vec<SessionRow>,
}

async fn candidates(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
) -> AppResult<Response> {
    let (community, committee, key, user) = guarded(&state, &ctx, &slug, id).await?;
    let (candidates, sessions) = state
        .db
        .tx(move |c| {
            crate::audit::record(c, Some(user), "candidate.list", "committee", id, "")?;
            Ok((cq::list(c, &key, id)?, cq::sessions(c, id)?))
        })
        .await?;
    render(&CandidatesPage {
        ctx,
        community,
        committee,
        candidates,
        sessions,
    })
    .map(private)
}

#[derive(Template)]
#[template(path = "committees/candidate.html")]
struct CandidatePage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    candidate: Candidate,
    stages: &'static [Stage],
    today: String,
    /// The record's path, for its forms.
    base: String,
}

async fn candidate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, cid)): Path<(String, CommitteeId, CandidateId)>,
) -> AppResult<Response> {
    let (community, committee, key, user) = guarded(&state, &ctx, &slug, id).await?;
    let candidate = state
        .db
        .tx(move |c| Ok(cq::view(c, &key, id, cid, user)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let base = format!("/c/{}/comites/{id}/candidates/{cid}", community.slug);
    render(&CandidatePage {
        ctx,
        community,
        committee,
        candidate,
        stages: Stage::all(),
        today: clock::iso(clock::today()),
        base,
    })
    .map(private)
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct CandidateForm {
    csrf: String,
    name: String,
    locality: String,
    community: String,
    office: String,
    party: String,
    independent: String,
    contact: String,
    notes: String,
    consent_on: String,
    consent_how: String,
    review_on: String,
}

impl CandidateForm {
    fn from_candidate(k: &Candidate) -> Self {
        CandidateForm {
            csrf: String::new(),
            name: k.personal.name.clone(),
            locality: k.personal.locality.clone(),
            community: k.community_id.to_string(),
            office: k.office.code().to_owned(),
            party: k.personal.party.clone(),
            independent: if k.personal.independent { "1" } else { "" }.to_owned(),
            contact: k.personal.contact.clone(),
            notes: k.personal.notes.clone(),
            consent_on: k.consent_on.clone(),
            consent_how: k.consent_how.code().to_owned(),
            review_on: k.review_on.clone(),
        }
    }

    fn check(&self, check: &mut Check, committee: &Committee) -> CandidateFields {
        // Without consent nothing is saved: the first message says so plainly.
        let consent_on = check.optional_date("consent_on", &self.consent_on);
        let consent_how = check.optional_pick::<ConsentHow>("consent_how", &self.consent_how);
        if consent_on.is_none() && check.errors.get("consent_on").is_none() {
            check.fail("consent_on", "candidate-consent-required");
        }
        if consent_how.is_none() && check.errors.get("consent_how").is_none() {
            check.fail("consent_how", "candidate-consent-required");
        }
        let community_id: Option<CommunityId> = check.optional_id("community", &self.community);
        match community_id {
            None => check.fail("community", "form-required"),
            Some(c) if !committee.belongs_to(c) => check.fail("community", "form-bad-choice"),
            _ => {}
        }
        let independent = !self.independent.is_empty();
        let party = check
            .optional("party", &self.party, forms::SHORT)
            .unwrap_or_default();
        if independent && !party.is_empty() {
            check.fail("party", "candidate-party-or-independent");
        }
        if !independent && party.is_empty() {
            check.fail("party", "candidate-party-or-independent");
        }
        let review_on = check.optional_date("review_on", &self.review_on);
        if review_on.is_none() && check.errors.get("review_on").is_none() {
            check.fail("review_on", "form-required");
        }
        CandidateFields {
            community_id: community_id.unwrap_or_default(),
            office: check.pick("office", &self.office),
            personal: Personal {
                name: check.required("name", &self.name, forms::SHORT),
                locality: check.required("locality", &self.locality, forms::SHORT),
                party,
                independent,
                contact: check
                    .optional("contact", &self.contact, 500)
                    .unwrap_or_default(),
                notes: check
                    .optional("notes", &self.notes, forms::LONG)
                    .unwrap_or_default(),
            },
            consent_on: consent_on.unwrap_or_default(),
            consent_how: consent_how.unwrap_or(ConsentHow::Written),
            review_on: review_on.unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "committees/candidate_form.html")]
struct CandidateFormPage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    candidate_id: Option<CandidateId>,
    form: CandidateForm,
    offices: &'static [Office],
    consents: &'static [ConsentHow],
    errors: Errors,
}

fn candidate_form_page(
    ctx: Ctx,
    community: Community,
    committee: Committee,
    candidate_id: Option<CandidateId>,
    form: CandidateForm,
    errors: Errors,
) -> CandidateFormPage {
    CandidateFormPage {
        ctx,
        community,
        committee,
        candidate_id,
        form,
        offices: Office::all(),
        consents: ConsentHow::all(),
        errors,
    }
}

async fn new_candidate_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
) -> AppResult<Response> {
    let (community, committee, _, _) = guarded(&state, &ctx, &slug, id).await?;
    let form = CandidateForm {
        community: community.id.to_string(),
        ..Default::default()
    };
    let page = candidate_form_page(ctx, community, committee, None, form, Errors::default());
    render(&page).map(private)
}

async fn create_candidate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
    WebForm(f): WebForm<CandidateForm>,
) -> AppResult<Response> {
    let (community, committee, key, user) = guarded(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &committee);
    if !check.ok() {
        let page = candidate_form_page(ctx, community, committee, None, f, check.errors);
        return unprocessable(&page).map(private);
    }
    let today = clock::iso(clock::today());
    let cid = state
        .db
        .tx(move |c| {
            Ok(cq::create(
                c,
                &key,
                id,
                &fields,
                user,
                &today,
                clock::now(),
            )?)
        })
        .await?;
    Ok(Redirect::to(&format!(
        "/c/{}/comites/{id}/candidates/{cid}",
        community.slug
    ))
    .into_response())
}

async fn edit_candidate_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, cid)): Path<(String, CommitteeId, CandidateId)>,
) -> AppResult<Response> {
    let (community, committee, key, user) = guarded(&state, &ctx, &slug, id).await?;
    let candidate = state
        .db
        .tx(move |c| Ok(cq::view(c, &key, id, cid, user)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if candidate.anonymised {
        return Err(AppError::NotFound);
    }
    let form = CandidateForm::from_candidate(&candidate);
    let page = candidate_form_page(
        ctx,
        community,
        committee,
        Some(cid),
        form,
        Errors::default(),
    );
    render(&page).map(private)
}

async fn update_candidate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, cid)): Path<(String, CommitteeId, CandidateId)>,
    WebForm(f): WebForm<CandidateForm>,
) -> AppResult<Response> {
    let (community, committee, key, user) = guarded(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &committee);
    if !check.ok() {
        let page = candidate_form_page(ctx, community, committee, Some(cid), f, check.errors);
        return unprocessable(&page).map(private);
    }
    state
        .db
        .tx(move |c| Ok(cq::update(c, &key, id, cid, &fields, user, clock::now())?))
        .await?;
    Ok(Redirect::to(&format!(
        "/c/{}/comites/{id}/candidates/{cid}",
        community.slug
    ))
    .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StageForm {
    csrf: String,
    stage: String,
    on: String,
}

async fn set_stage(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, cid)): Path<(String, CommitteeId, CandidateId)>,
    WebForm(f): WebForm<StageForm>,
) -> AppResult<Response> {
    let (community, _, key, user) = guarded(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let stage: Stage = check.pick("stage", &f.stage);
    let on = check
        .optional_date("on", &f.on)
        .unwrap_or_else(|| clock::iso(clock::today()));
    if !check.ok() {
        return Err(AppError::BadRequest);
    }
    let found = state
        .db
        .tx(move |c| {
            let Some(k) = cq::get(c, &key, id, cid)? else {
                return Ok(false);
            };
            if k.anonymised {
                return Ok(false);
            }
            cq::set_stage(c, id, cid, stage, &on, user, clock::now())?;
            Ok(true)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!(
        "/c/{}/comites/{id}/candidates/{cid}",
        community.slug
    ))
    .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfForm {
    csrf: String,
}

async fn anonymise(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, cid)): Path<(String, CommitteeId, CandidateId)>,
    WebForm(f): WebForm<CsrfForm>,
) -> AppResult<Response> {
    let (community, _, key, user) = guarded(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let marker = ctx.t("candidate-name-removed").into_owned();
    let done = state
        .db
        .tx(move |c| {
            Ok(cq::anonymise(
                c,
                &key,
                id,
                cid,
                &marker,
                user,
                clock::now(),
            )?)
        })
        .await?;
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!(
        "/c/{}/comites/{id}/candidates/{cid}",
        community.slug
    ))
    .into_response())
}

async fn erase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, cid)): Path<(String, CommitteeId, CandidateId)>,
    WebForm(f): WebForm<CsrfForm>,
) -> AppResult<Response> {
    let (community, _, key, user) = guarded(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let marker = ctx.t("candidate-name-removed").into_owned();
    let done = state
        .db
        .tx(move |c| Ok(cq::erase(c, &key, id, cid, &marker, user, clock::now())?))
        .await?;
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!("/c/{}/comites/{id}/candidates", community.slug)).into_response())
}

fn csv_field(s: &str) -> String {
    // A leading =, +, - or @ would be a formula in a spreadsheet.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
) -> AppResult<Response> {
    let (_, _, key, user) = guarded(&state, &ctx, &slug, id).await?;
    let all = state
        .db
        .tx(move |c| Ok(cq::export(c, &key, id, user)?))
        .await?;
    let mut out = String::from(
        "id,name,locality,region,office,party,independent,contact,stage,consent_on,consent_how,review_on\r\n",
    );
    for k in &all {
        let p = &k.personal;
        let row = [
            k.id.to_string(),
            p.name.clone(),
            p.locality.clone(),
            k.community.clone(),
            k.office.code().to_owned(),
            p.party.clone(),
            p.independent.to_string(),
            p.contact.clone(),
            k.stage.code().to_owned(),
            k.consent_on.clone(),
            k.consent_how.code().to_owned(),
            k.review_on.clone(),
        ];
        let line: Vec<String> = row.iter().map(|v| csv_field(v)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Ok(private(
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"candidates.csv\"",
                ),
            ],
            out,
        )
            .into_response(),
    ))
}

// ---- Coaching sessions ----

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct SessionForm {
    csrf: String,
    held_on: String,
    topic: String,
    coach: String,
    notes: String,
    present: Vec<String>,
}

impl SessionForm {
    fn is_present(&self, id: &CandidateId) -> bool {
        self.present.contains(&id.to_string())
    }
}

#[derive(Template)]
#[template(path = "committees/session_form.html")]
struct SessionFormPage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    candidates: Vec<CandidateRow>,
    form: SessionForm,
    errors: Errors,
}

async fn new_session_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
) -> AppResult<Response> {
    let (community, committee, key, _) = guarded(&state, &ctx, &slug, id).await?;
    let candidates = state.db.run(move |c| Ok(cq::list(c, &key, id)?)).await?;
    render(&SessionFormPage {
        ctx,
        community,
        committee,
        candidates,
        form: SessionForm::default(),
        errors: Errors::default(),
    })
    .map(private)
}

async fn create_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
    WebForm(f): WebForm<SessionForm>,
) -> AppResult<Response> {
    let (community, committee, key, user) = guarded(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let k2 = key.clone();
    let candidates = state.db.run(move |c| Ok(cq::list(c, &k2, id)?)).await?;
    let mut check = Check::new(ctx.tr);
    let held_on = check.optional_date("held_on", &f.held_on);
    if held_on.is_none() && check.errors.get("held_on").is_none() {
        check.fail("held_on", "form-required");
    }
    let coach_id: Option<PersonId> = check.optional_id("coach", &f.coach);
    if coach_id.is_some_and(|p| !committee.is_member(p)) {
        check.fail("coach", "form-bad-choice");
    }
    let mut present = Vec::new();
    for raw in &f.present {
        match raw.parse::<CandidateId>() {
            Ok(c) if candidates.iter().any(|k| k.id == c) => {
                if !present.contains(&c) {
                    present.push(c)
                }
            }
            _ => check.fail("present", "form-bad-choice"),
        }
    }
    let fields = SessionFields {
        held_on: held_on.unwrap_or_default(),
        topic: check.required("topic", &f.topic, forms::SHORT),
        coach_id,
        notes: check
            .optional("notes", &f.notes, forms::LONG)
            .unwrap_or_default(),
        present,
    };
    if !check.ok() {
        return unprocessable(&SessionFormPage {
            ctx,
            community,
            committee,
            candidates,
            form: f,
            errors: check.errors,
        })
        .map(private);
    }
    let sid = state
        .db
        .tx(move |c| {
            Ok(cq::create_session(
                c,
                &key,
                id,
                &fields,
                user,
                clock::now(),
            )?)
        })
        .await?;
    Ok(Redirect::to(&format!("/c/{}/comites/{id}/seances/{sid}", community.slug)).into_response())
}

#[derive(Template)]
#[template(path = "committees/session.html")]
struct SessionPage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    session: Session,
    notes: String,
}

async fn session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, sid)): Path<(String, CommitteeId, CoachingId)>,
) -> AppResult<Response> {
    let (community, committee, key, user) = guarded(&state, &ctx, &slug, id).await?;
    let session = state
        .db
        .tx(move |c| Ok(cq::view_session(c, &key, id, sid, user)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let notes = crate::text::markdown(&session.notes);
    render(&SessionPage {
        ctx,
        community,
        committee,
        session,
        notes,
    })
    .map(private)
}
