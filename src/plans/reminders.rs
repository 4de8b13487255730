//! Reminders to the owners of late actions: a mail through the outbox to each account whose
//! person belongs to the owner organisation and who has a role in the plan's community, in
//! the account's language, at most once a week per action (`plan_actions.last_reminded_at`).
//! Run by `kafo serve` every hour and by `kafo reminders`.

use crate::db::{Conn, DbResult};
use crate::i18n::{Locale, Tr};
use crate::ids::PlanActionId;
use crate::params;

/// The least time between two reminders of the same action.
pub const INTERVAL: i64 = 7 * 24 * 3600;

struct LateAction {
    id: PlanActionId,
    title: String,
    due_on: String,
    plan: String,
    plan_id: i64,
    slug: String,
    community_id: i64,
    owner_id: i64,
}

/// Queues the reminders due at `now` (late as of `today`); returns how many mails were queued.
pub fn enqueue(c: &mut Conn, now: i64, today: &str, base: &str) -> DbResult<usize> {
    let late = super::queries::late_condition("a", 1);
    let due: Vec<LateAction> = c.query(
        &format!(
            "SELECT a.id, a.title, a.due_on, p.title AS plan, p.id AS plan_id, cm.slug, \
             p.community_id, a.owner_organisation_id FROM plan_actions a \
             JOIN plans p ON p.id = a.plan_id JOIN communities cm ON cm.id = p.community_id \
             WHERE {late} AND (a.last_reminded_at IS NULL OR a.last_reminded_at <= $2) \
             ORDER BY a.id LIMIT 5000"
        ),
        params![today, now - INTERVAL],
        |r| {
            Ok(LateAction {
                id: r.get("id")?,
                title: r.get("title")?,
                due_on: r.get("due_on")?,
                plan: r.get("plan")?,
                plan_id: r.get("plan_id")?,
                slug: r.get("slug")?,
                community_id: r.get("community_id")?,
                owner_id: r.get("owner_organisation_id")?,
            })
        },
    )?;
    let mut queued = 0;
    for a in due {
        let owners: Vec<(String, String)> = c.query(
            "SELECT u.email, u.locale FROM users u JOIN people pe ON pe.id = u.person_id \
             JOIN community_roles cr ON cr.user_id = u.id AND cr.community_id = $2 \
             WHERE pe.organisation_id = $1 AND u.disabled = $3 ORDER BY u.id",
            params![a.owner_id, a.community_id, false],
            |r| Ok((r.get("email")?, r.get("locale")?)),
        )?;
        if owners.is_empty() {
            continue;
        }
        let link = format!("{base}/c/{}/plans/{}/actions/{}", a.slug, a.plan_id, a.id);
        for (email, locale) in owners {
            let tr = Tr::new(Locale::parse(&locale).unwrap_or_default());
            let subject = tr.t1("plan-reminder-subject", "action", &a.title);
            let body = tr.t_args(
                "plan-reminder-body",
                &[
                    ("action", a.title.clone()),
                    ("plan", a.plan.clone()),
                    ("due", tr.date(&a.due_on)),
                    ("link", link.clone()),
                ],
            );
            crate::mail::enqueue(c, &email, &subject, &body)?;
            queued += 1;
        }
        c.execute(
            "UPDATE plan_actions SET last_reminded_at = $2 WHERE id = $1",
            params![a.id, now],
        )?;
    }
    Ok(queued)
}

/// The reminder job of `kafo serve`: every hour, queues the reminders that are due.
pub async fn run(db: crate::db::Db, base: String) {
    loop {
        let base2 = base.clone();
        match db
            .tx(move |c| {
                Ok(enqueue(
                    c,
                    crate::clock::now(),
                    &super::queries::today(),
                    &base2,
                )?)
            })
            .await
        {
            Ok(n) if n > 0 => tracing::info!(queued = n, "plan reminders"),
            Err(e) => tracing::error!(error = %e, "plan reminders"),
            _ => {}
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}
