//! The audit log: who changed which sensitive record, when, and why. Shared by every area;
//! written in the transaction of the change it records.

use crate::db::{Conn, DbResult};
use crate::ids::UserId;
use crate::params;

/// Records who did what to an account or other sensitive record.
pub fn record(
    c: &mut Conn,
    user_id: Option<UserId>,
    action: &str,
    entity: &str,
    entity_id: impl Into<i64>,
    detail: &str,
) -> DbResult<()> {
    c.execute(
        "INSERT INTO audit_events (at, user_id, action, entity, entity_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        params![crate::clock::now(), user_id, action, entity, entity_id.into(), detail],
    )?;
    Ok(())
}

/// One line of the audit log as the admins read it: who, when, what, which record; never
/// the record's content.
#[derive(Clone, Debug)]
pub struct Event {
    pub at: i64,
    pub who: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
}

impl Event {
    /// The hour and minute (UTC, Mali's time) of the event.
    pub fn time(&self) -> String {
        time::OffsetDateTime::from_unix_timestamp(self.at)
            .map(|t| format!("{:02}:{:02}", t.hour(), t.minute()))
            .unwrap_or_default()
    }

    /// The action as a locale key part (`candidate.view` → `candidate-view`): the journal
    /// shows `audit-candidate-view`, never the stored code.
    pub fn action_key(&self) -> String {
        self.action.replace('.', "-")
    }
}

/// A page of the log, newest first, and the number of lines.
pub fn page(c: &mut Conn, offset: i64, limit: i64) -> DbResult<(i64, Vec<Event>)> {
    c.page(
        "SELECT e.at, u.name, e.action, e.entity, e.entity_id, COUNT(*) OVER () AS total \
         FROM audit_events e LEFT JOIN users u ON u.id = e.user_id \
         ORDER BY e.at DESC, e.id DESC LIMIT $1 OFFSET $2",
        "SELECT COUNT(*) FROM audit_events",
        Vec::new(),
        limit,
        offset,
        |r| {
            Ok(Event {
                at: r.get("at")?,
                who: r.get("name")?,
                action: r.get("action")?,
                entity: r.get("entity")?,
                entity_id: r.get("entity_id")?,
            })
        },
    )
}

/// The admins' page of the log: `/admin/journal`.
pub mod routes {
    use askama::Template;
    use axum::Router;
    use axum::extract::{Query, State};
    use axum::response::Response;
    use axum::routing::get;
    use serde::Deserialize;

    use super::Event;
    use crate::AppState;
    use crate::error::AppResult;
    use crate::web::{Ctx, Pager, forms, render};

    pub fn router() -> Router<AppState> {
        Router::new().route("/admin/journal", get(journal))
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct JournalQuery {
        page: String,
    }

    #[derive(Template)]
    #[template(path = "admin/journal.html")]
    struct JournalPage {
        ctx: Ctx,
        events: Vec<Event>,
        pager: Pager,
    }

    async fn journal(
        State(state): State<AppState>,
        ctx: Ctx,
        Query(q): Query<JournalQuery>,
    ) -> AppResult<Response> {
        ctx.require_admin()?;
        let page = forms::page_number(Some(&q.page));
        let per = 50;
        let (total, events) = state
            .db
            .run(move |c| Ok(super::page(c, (page - 1) * per, per)?))
            .await?;
        let pager = Pager::sized(page, total, per, String::new());
        render(&JournalPage { ctx, events, pager })
    }
}
