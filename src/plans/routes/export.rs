//! Plans' actions and commitments as spreadsheets: `/c/{slug}/plans/actions.csv|.xlsx`
//! (every action of the plans the visitor may read: all of them for members, the public
//! plans for others) and `/c/{slug}/engagements.csv|.xlsx` (members, as the page).

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;

use super::is_member;
use crate::AppState;
use crate::auth::Permission;
use crate::community::enter;
use crate::error::AppResult;
use crate::plans::queries::{self as q, commitments as kq};
use crate::plans::{Objective, PlanRow};
use crate::web::Ctx;
use crate::web::export::{self, Cell, Format, Kind, MAX_ROWS, Table, label, yes_no};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .merge(export::routes("/c/{slug}/plans/actions", actions))
        .merge(export::routes("/c/{slug}/engagements", commitments))
}

async fn actions(
    State(state): State<AppState>,
    ctx: Ctx,
    format: Format,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    let members = is_member(&ctx, cid);
    let today = q::today();
    let plans: Vec<(PlanRow, Vec<Objective>)> = state
        .db
        .run(move |c| {
            let (_, plans) = q::list(c, cid, members, &today, 0, MAX_ROWS)?;
            let mut out = Vec::with_capacity(plans.len());
            for p in plans {
                let objectives = q::objectives(c, p.id, &today)?;
                out.push((p, objectives));
            }
            Ok(out)
        })
        .await?;
    let tr = &ctx.tr;
    let mut table = Table::new(
        tr,
        "export-plan-actions-title",
        &[
            ("export-col-plan", Kind::Text),
            ("export-col-plan-status", Kind::Text),
            ("export-col-objective", Kind::Text),
            ("export-col-action", Kind::Text),
            ("export-col-owner", Kind::Text),
            ("export-col-partners", Kind::Integer),
            ("export-col-due-on", Kind::Date),
            ("export-col-expected-result", Kind::Text),
            ("export-col-budget", Kind::Integer),
            ("export-col-currency", Kind::Text),
            ("export-col-action-status", Kind::Text),
            ("export-col-progress", Kind::Integer),
            ("export-col-late", Kind::Text),
        ],
    );
    for (plan, objectives) in plans {
        for o in objectives {
            for a in o.actions {
                table.push(vec![
                    Cell::text(plan.title.as_str()),
                    label(tr, plan.status),
                    Cell::text(o.title.as_str()),
                    Cell::text(a.title),
                    Cell::text(a.owner),
                    Cell::Int(a.partners.len() as i64),
                    Cell::iso(&a.due_on),
                    Cell::text(a.expected_result),
                    Cell::int(a.budget_amount),
                    Cell::opt(a.budget_currency),
                    label(tr, a.status),
                    Cell::Int(a.progress),
                    yes_no(tr, a.late),
                ]);
            }
        }
    }
    let user = ctx.user.as_ref().map(|u| u.id);
    export::send(
        &state,
        user,
        (cid, &community.slug),
        "plan_actions",
        format,
        table,
    )
    .await
}

async fn commitments(
    State(state): State<AppState>,
    ctx: Ctx,
    format: Format,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    let cid = community.id;
    let rows = state.db.run(move |c| Ok(kq::list(c, cid)?)).await?;
    let tr = &ctx.tr;
    let mut table = Table::new(
        tr,
        "commitments-title",
        &[
            ("export-col-organisation", Kind::Text),
            ("export-col-pledge", Kind::Text),
            ("export-col-measure", Kind::Text),
            ("export-col-due-on", Kind::Date),
            ("export-col-assessment", Kind::Text),
            ("export-col-assessed-on", Kind::Date),
            ("export-col-evidence", Kind::Text),
            ("export-col-evidence-link", Kind::Text),
        ],
    );
    for k in rows {
        table.push(vec![
            Cell::opt(k.organisation),
            Cell::text(k.pledge),
            Cell::text(k.measure),
            Cell::iso(&k.due_on),
            k.assessment.map_or(Cell::Empty, |a| label(tr, a)),
            Cell::iso_opt(k.assessed_on.as_deref()),
            Cell::opt(k.evidence_text),
            Cell::opt(k.evidence_link),
        ]);
    }
    let user = ctx.user.as_ref().map(|u| u.id);
    export::send(
        &state,
        user,
        (cid, &community.slug),
        "commitments",
        format,
        table,
    )
    .await
}
