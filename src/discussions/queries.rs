//! Question and answer queries. Hidden records leave the search index; everything else is
//! put back in it, with the answers' text, in the transaction that changes it.

use super::{Answer, Question, QuestionRow, QuestionState};
use crate::community::{Access, Visibility};
use crate::db::{Conn, DbResult, Filter};
use crate::directory::queries as dir;
use crate::ids::{AnswerId, CommunityId, QuestionId, ThemeId, UserId};
use crate::params;
use crate::search::{self, Audience, Doc, Kind};

#[derive(Clone, Default)]
pub struct ListFilter {
    pub theme: Option<i64>,
    /// `None` for both.
    pub state: Option<QuestionState>,
    pub access: Option<Access>,
    /// Coordinators see hidden questions too.
    pub with_hidden: bool,
}

pub fn list(
    c: &mut Conn,
    community_id: CommunityId,
    f: &ListFilter,
    offset: i64,
    limit: i64,
) -> DbResult<(i64, Vec<QuestionRow>)> {
    let access = f.access.unwrap_or(Access::Public);
    let mut w = Filter::new("q.community_id = ?", community_id);
    w.also(access.condition("q.visibility"));
    if access == Access::Public {
        // No question is public: the network's members only.
        w.also("1 = 0");
    }
    if !f.with_hidden {
        w.and("q.hidden = ?", false);
    }
    match f.state {
        Some(QuestionState::Open) => w.also("q.solution_id IS NULL"),
        Some(QuestionState::Solved) => w.also("q.solution_id IS NOT NULL"),
        None => {}
    }
    w.and_some(
        "EXISTS (SELECT 1 FROM question_themes x WHERE x.question_id = q.id AND x.theme_id = ?)",
        f.theme,
    );
    w.page(
        c,
        "SELECT q.id, q.title, u.name, q.answer_count, q.solution_id, q.hidden, q.locked, \
         q.last_activity_at, COUNT(*) OVER () AS total \
         FROM questions q LEFT JOIN users u ON u.id = q.author_id \
         WHERE {where} ORDER BY q.last_activity_at DESC, q.id DESC {page}",
        "questions q",
        limit,
        offset,
        |r| {
            Ok(QuestionRow {
                id: r.get("id")?,
                title: r.get("title")?,
                author: r.get("name")?,
                answers: r.get("answer_count")?,
                solved: r.get::<Option<i64>>("solution_id")?.is_some(),
                hidden: r.get("hidden")?,
                locked: r.get("locked")?,
                last_activity_at: r.get("last_activity_at")?,
            })
        },
    )
}

pub fn get(c: &mut Conn, community_id: CommunityId, id: QuestionId) -> DbResult<Option<Question>> {
    let found = c.query_opt(
        "SELECT q.id, q.community_id, q.title, q.body, q.visibility, q.author_id, u.name, \
         q.solution_id, q.hidden, q.locked, q.moderation_reason, q.created_at AS created_at \
         FROM questions q LEFT JOIN users u ON u.id = q.author_id \
         WHERE q.id = $1 AND q.community_id = $2",
        params![id, community_id],
        |r| {
            Ok(Question {
                id: r.get("id")?,
                community_id: r.get("community_id")?,
                title: r.get("title")?,
                body: r.get("body")?,
                visibility: r.get("visibility")?,
                author_id: r.get("author_id")?,
                author: r.get("name")?,
                solution_id: r.get("solution_id")?,
                hidden: r.get("hidden")?,
                locked: r.get("locked")?,
                moderation_reason: r.get("moderation_reason")?,
                created_at: r.get("created_at")?,
                themes: Vec::new(),
            })
        },
    )?;
    let Some(mut q) = found else {
        return Ok(None);
    };
    q.themes = dir::themes_of(c, "question_themes", "question_id", id)?;
    Ok(Some(q))
}

/// The answers of a question, oldest first (the solution is put first by the page).
pub fn answers(c: &mut Conn, question_id: QuestionId) -> DbResult<Vec<Answer>> {
    c.query(
        "SELECT a.id, a.body, a.author_id, u.name, a.hidden, a.moderation_reason, a.created_at, \
         a.updated_at FROM answers a LEFT JOIN users u ON u.id = a.author_id \
         WHERE a.question_id = $1 ORDER BY a.id",
        params![question_id],
        |r| {
            let created: i64 = r.get("created_at")?;
            let updated: i64 = r.get("updated_at")?;
            Ok(Answer {
                id: r.get("id")?,
                body: r.get("body")?,
                author_id: r.get("author_id")?,
                author: r.get("name")?,
                hidden: r.get("hidden")?,
                moderation_reason: r.get("moderation_reason")?,
                created_at: created,
                edited: updated > created,
            })
        },
    )
}

pub struct QuestionFields {
    pub title: String,
    pub body: String,
    pub visibility: Visibility,
    pub themes: Vec<ThemeId>,
}

pub fn create(
    c: &mut Conn,
    community_id: CommunityId,
    f: &QuestionFields,
    user_id: UserId,
    now: i64,
) -> DbResult<QuestionId> {
    let id: QuestionId = c.scalar(
        "INSERT INTO questions (community_id, title, body, visibility, author_id, created_at, \
         updated_at, last_activity_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING id",
        params![
            community_id,
            f.title.as_str(),
            f.body.as_str(),
            f.visibility,
            user_id,
            now
        ],
    )?;
    dir::set_themes(c, "question_themes", "question_id", id, &f.themes)?;
    reindex(c, id)?;
    Ok(id)
}

/// Adds an answer; `None` when the question is locked or hidden (it changed meanwhile).
pub fn answer(
    c: &mut Conn,
    question_id: QuestionId,
    body: &str,
    user_id: UserId,
    now: i64,
) -> DbResult<Option<AnswerId>> {
    let open = c.execute(
        "UPDATE questions SET answer_count = answer_count + 1, last_activity_at = $2 \
         WHERE id = $1 AND locked = $3 AND hidden = $3",
        params![question_id, now, false],
    )?;
    if open == 0 {
        return Ok(None);
    }
    let id: AnswerId = c.scalar(
        "INSERT INTO answers (question_id, body, author_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
        params![question_id, body, user_id, now],
    )?;
    reindex(c, question_id)?;
    Ok(Some(id))
}

pub fn answer_of(
    c: &mut Conn,
    question_id: QuestionId,
    answer_id: AnswerId,
) -> DbResult<Option<Answer>> {
    Ok(answers(c, question_id)?
        .into_iter()
        .find(|a| a.id == answer_id))
}

pub fn edit_answer(
    c: &mut Conn,
    question_id: QuestionId,
    answer_id: AnswerId,
    body: &str,
    now: i64,
) -> DbResult<()> {
    c.execute(
        // Later than the creation even within the same second: the page says "edited".
        "UPDATE answers SET body = $3, \
         updated_at = CASE WHEN $4 > created_at THEN $4 ELSE created_at + 1 END \
         WHERE id = $2 AND question_id = $1",
        params![question_id, answer_id, body, now],
    )?;
    c.execute(
        "UPDATE questions SET last_activity_at = $2 WHERE id = $1",
        params![question_id, now],
    )?;
    reindex(c, question_id)
}

/// Marks (or with `None` unmarks) the answer that solved the question.
pub fn set_solution(
    c: &mut Conn,
    question_id: QuestionId,
    answer_id: Option<AnswerId>,
    now: i64,
) -> DbResult<()> {
    c.execute(
        "UPDATE questions SET solution_id = $2, updated_at = $3 WHERE id = $1",
        params![question_id, answer_id, now],
    )?;
    Ok(())
}

/// A moderator's act on a question or one of its answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderation {
    Hide,
    Show,
    Lock,
    Unlock,
}

impl Moderation {
    pub fn parse(s: &str) -> Option<Moderation> {
        match s {
            "hide" => Some(Moderation::Hide),
            "show" => Some(Moderation::Show),
            "lock" => Some(Moderation::Lock),
            "unlock" => Some(Moderation::Unlock),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Moderation::Hide => "hide",
            Moderation::Show => "show",
            Moderation::Lock => "lock",
            Moderation::Unlock => "unlock",
        }
    }
}

/// Applies a moderation to the question (`answer_id` None) or one answer, keeps the reason on
/// the record and in the audit log.
pub fn moderate(
    c: &mut Conn,
    question_id: QuestionId,
    answer_id: Option<AnswerId>,
    act: Moderation,
    reason: &str,
    user_id: UserId,
) -> DbResult<bool> {
    let changed = match (answer_id, act) {
        (Some(aid), Moderation::Hide | Moderation::Show) => {
            let hidden = act == Moderation::Hide;
            let n = c.execute(
                "UPDATE answers SET hidden = $3, moderation_reason = $4 \
                 WHERE id = $2 AND question_id = $1",
                params![question_id, aid, hidden, reason],
            )?;
            if hidden {
                // A hidden answer cannot stay the solution shown to everyone.
                c.execute(
                    "UPDATE questions SET solution_id = NULL WHERE id = $1 AND solution_id = $2",
                    params![question_id, aid],
                )?;
            }
            n
        }
        (Some(_), _) => 0,
        (None, Moderation::Hide | Moderation::Show) => c.execute(
            "UPDATE questions SET hidden = $2, moderation_reason = $3 WHERE id = $1",
            params![question_id, act == Moderation::Hide, reason],
        )?,
        (None, Moderation::Lock | Moderation::Unlock) => c.execute(
            "UPDATE questions SET locked = $2, moderation_reason = $3 WHERE id = $1",
            params![question_id, act == Moderation::Lock, reason],
        )?,
    };
    if changed == 0 {
        return Ok(false);
    }
    let (entity, id) = match answer_id {
        Some(aid) => ("answer", aid.get()),
        None => ("question", question_id.get()),
    };
    crate::audit::record(c, Some(user_id), act.code(), entity, id, reason)?;
    reindex(c, question_id)?;
    Ok(true)
}

/// The question with its visible answers, as the search index sees it; `None` when hidden.
pub fn search_doc(c: &mut Conn, id: QuestionId) -> DbResult<Option<Doc>> {
    let found = c.query_opt(
        "SELECT q.community_id, q.title, q.body, q.visibility, q.hidden, q.last_activity_at \
         FROM questions q WHERE q.id = $1",
        params![id],
        |r| {
            Ok((
                r.get::<CommunityId>("community_id")?,
                r.get::<String>("title")?,
                r.get::<String>("body")?,
                r.get::<Visibility>("visibility")?,
                r.get::<bool>("hidden")?,
                r.get::<i64>("last_activity_at")?,
            ))
        },
    )?;
    let Some((cid, title, body, visibility, hidden, updated_at)) = found else {
        return Ok(None);
    };
    if hidden {
        return Ok(None);
    }
    let answers: Vec<String> = c.query(
        "SELECT body FROM answers WHERE question_id = $1 AND hidden = $2 ORDER BY id",
        params![id, false],
        |r| r.get("body"),
    )?;
    let more = answers
        .iter()
        .map(|a| crate::text::plain_text(a))
        .collect::<Vec<_>>()
        .join(" ");
    let themes = dir::themes_of(c, "question_themes", "question_id", id)?;
    Ok(Some(Doc {
        kind: KIND,
        id: id.get(),
        community_id: cid,
        title,
        body: crate::text::plain_text(&body),
        more,
        audience: Audience::of(visibility, cid, false),
        communities: vec![cid],
        themes: themes.iter().map(|t| t.id).collect(),
        updated_at,
    }))
}

pub fn reindex(c: &mut Conn, id: QuestionId) -> DbResult<()> {
    let doc = search_doc(c, id)?;
    search::index::sync(c, KIND, id, doc)
}

pub fn all_ids(c: &mut Conn) -> DbResult<Vec<i64>> {
    c.column("SELECT id FROM questions ORDER BY id", &[])
}

/// Questions in the search index.
pub const KIND: Kind = Kind::new("question", "questions");

/// The questions (never public, so a community's flags change none), for the search index.
pub const SEARCH: search::Source = search::Source {
    kind: KIND,
    all_ids,
    in_community: None,
    reindex: |c, id| reindex(c, QuestionId(id)),
};
