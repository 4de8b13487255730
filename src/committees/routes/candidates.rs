//! Candidate records behind the access rule: list, record, forms, path, anonymise, erase,
//! export. Every handler starts with `guarded`.

use super::*;
use crate::db::{Conn, DbResult};

#[derive(Template)]
#[template(path = "committees/candidates.html")]
pub(super) struct CandidatesPage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    candidates: Vec<CandidateRow>,
    sessions: Vec<SessionRow>,
}

pub(super) async fn candidates(
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
pub(super) struct CandidatePage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    candidate: Candidate,
    stages: &'static [Stage],
    today: String,
    /// The record's path, for its forms.
    base: String,
}

/// The committee's door, then one candidate record read through the audited view (a view
/// is written to the journal in the same transaction).
async fn viewed(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: CommitteeId,
    cid: CandidateId,
) -> AppResult<(Community, Committee, Candidate)> {
    let (community, committee, key, user) = guarded(state, ctx, slug, id).await?;
    let candidate = state
        .db
        .tx_found(move |c| cq::view(c, &key, id, cid, user))
        .await?;
    Ok((community, committee, candidate))
}

pub(super) async fn candidate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, cid)): Path<(String, CommitteeId, CandidateId)>,
) -> AppResult<Response> {
    let (community, committee, candidate) = viewed(&state, &ctx, &slug, id, cid).await?;
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

/// Back to the candidate's record once a change is written.
fn to_candidate(community: &Community, id: CommitteeId, cid: CandidateId) -> AppResult<Response> {
    redirect(&format!(
        "/c/{}/comites/{id}/candidates/{cid}",
        community.slug
    ))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct CandidateForm {
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
pub(super) struct CandidateFormPage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    candidate_id: Option<CandidateId>,
    form: CandidateForm,
    offices: &'static [Office],
    consents: &'static [ConsentHow],
    errors: Errors,
}

pub(super) fn candidate_form_page(
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

pub(super) async fn new_candidate_form(
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

pub(super) async fn create_candidate(
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
    to_candidate(&community, id, cid)
}

pub(super) async fn edit_candidate_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, cid)): Path<(String, CommitteeId, CandidateId)>,
) -> AppResult<Response> {
    let (community, committee, candidate) = viewed(&state, &ctx, &slug, id, cid).await?;
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

pub(super) async fn update_candidate(
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
    to_candidate(&community, id, cid)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct StageForm {
    csrf: String,
    stage: String,
    on: String,
}

pub(super) async fn set_stage(
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
    state
        .db
        .tx_changed(move |c| {
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
    to_candidate(&community, id, cid)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CsrfForm {
    csrf: String,
}

pub(super) async fn anonymise(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, cid)): Path<(String, CommitteeId, CandidateId)>,
    WebForm(f): WebForm<CsrfForm>,
) -> AppResult<Response> {
    let community = remove(&state, &ctx, &slug, id, cid, &f.csrf, cq::anonymise).await?;
    to_candidate(&community, id, cid)
}

pub(super) async fn erase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, cid)): Path<(String, CommitteeId, CandidateId)>,
    WebForm(f): WebForm<CsrfForm>,
) -> AppResult<Response> {
    let community = remove(&state, &ctx, &slug, id, cid, &f.csrf, cq::erase).await?;
    redirect(&format!("/c/{}/comites/{id}/candidates", community.slug))
}

/// How a record goes: `cq::anonymise` or `cq::erase`, which both take her name out of the
/// session notes (replaced by `marker`); `false` when there is no such record.
type Removal =
    fn(&mut Conn, &DataKey, CommitteeId, CandidateId, &str, UserId, i64) -> DbResult<bool>;

/// Anonymises or erases a candidate's record, as `how` says.
#[allow(clippy::too_many_arguments)]
async fn remove(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: CommitteeId,
    cid: CandidateId,
    csrf: &str,
    how: Removal,
) -> AppResult<Community> {
    let (community, _, key, user) = guarded(state, ctx, slug, id).await?;
    ctx.check_csrf(csrf)?;
    let marker = ctx.t("candidate-name-removed").into_owned();
    state
        .db
        .tx_changed(move |c| how(c, &key, id, cid, &marker, user, clock::now()))
        .await?;
    Ok(community)
}

pub(super) fn csv_field(s: &str) -> String {
    // A leading =, +, - or @ would be a formula in a spreadsheet.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

pub(super) async fn export(
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
