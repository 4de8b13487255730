//! The headline figures of a community or of the network over a span: what its front page,
//! the network's dashboard and the narrative report lead with.

use super::measures::{Narrowing, Scope, Span, measure, reach_by_audience};
use crate::db::{Conn, DbResult};
use crate::indicators::{Headline, Measure, PlansProgress};

/// The headline over one span; `public_only` counts only public plans.
pub fn headline(
    c: &mut Conn,
    scope: Scope,
    span: &Span,
    public_only: bool,
    now_local: &str,
) -> DbResult<Headline> {
    let spans = std::slice::from_ref(span);
    let one = |c: &mut Conn, m: Measure| -> DbResult<i64> {
        Ok(
            measure(c, m, scope, Narrowing::default(), spans, now_local)?
                .get(span.code())
                .copied()
                .unwrap_or(0),
        )
    };
    Ok(Headline {
        activities: one(c, Measure::ActivitiesHeld)?,
        participants: one(c, Measure::Participants)?,
        women: one(c, Measure::WomenParticipants)?,
        men: one(c, Measure::MenParticipants)?,
        organisations_represented: one(c, Measure::OrganisationsRepresented)?,
        reached_counted: one(c, Measure::ReachedCounted)?,
        reached_estimated: one(c, Measure::ReachedEstimated)?,
        organisations_sensitised: one(c, Measure::OrganisationsSensitised)?,
        reach: reach_by_audience(c, scope, span, now_local)?,
        plans: plans_progress(c, scope, public_only)?,
    })
}

/// Plans adopted at least once (a revision under way keeps the adopted version's actions) and their actions (dropped ones left out): how many are done, and the mean
/// of their progress.
pub fn plans_progress(c: &mut Conn, scope: Scope, public_only: bool) -> DbResult<PlansProgress> {
    let mut params = Vec::new();
    let mut filter = String::new();
    if let Scope::Community(id) = scope {
        params.push(id.into());
        filter.push_str(" AND p.community_id = $1");
    }
    if public_only {
        params.push(true.into());
        filter.push_str(&format!(" AND p.is_public = ${}", params.len()));
    }
    let sql = format!(
        "SELECT COUNT(DISTINCT p.id) AS plans, COUNT(pa.id) AS actions, \
         COALESCE(SUM(CASE WHEN pa.status = 'done' THEN 1 ELSE 0 END), 0) AS done, \
         CAST(COALESCE(ROUND(AVG(pa.progress)), 0) AS BIGINT) AS progress \
         FROM plans p LEFT JOIN plan_actions pa ON pa.plan_id = p.id AND pa.status <> 'dropped' \
         WHERE p.adopted_on IS NOT NULL{filter}"
    );
    let rows = c.query(&sql, &params, |r| {
        Ok(PlansProgress {
            plans: r.get("plans")?,
            actions: r.get("actions")?,
            done: r.get("done")?,
            mean_progress: r.get("progress")?,
        })
    })?;
    Ok(rows.into_iter().next().unwrap_or_default())
}
