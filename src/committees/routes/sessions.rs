//! Coaching sessions of a committee, behind the access rule.

use super::*;

// ---- Coaching sessions ----

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct SessionForm {
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
pub(super) struct SessionFormPage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    candidates: Vec<CandidateRow>,
    form: SessionForm,
    errors: Errors,
}

pub(super) async fn new_session_form(
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

pub(super) async fn create_session(
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
    redirect(&format!("/c/{}/comites/{id}/seances/{sid}", community.slug))
}

#[derive(Template)]
#[template(path = "committees/session.html")]
pub(super) struct SessionPage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    session: Session,
    notes: String,
}

pub(super) async fn session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, sid)): Path<(String, CommitteeId, CoachingId)>,
) -> AppResult<Response> {
    let (community, committee, key, user) = guarded(&state, &ctx, &slug, id).await?;
    let session = state
        .db
        .tx_found(move |c| cq::view_session(c, &key, id, sid, user))
        .await?;
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
