//! The results as spreadsheets, with the dashboard's rules (members read every indicator;
//! others the public ones, counts of people under the threshold written "< 5", no evidence):
//! `/c/{slug}/resultats.csv|.xlsx`, the indicator table (definition, baseline, then a
//! target and a value column per period), and `/c/{slug}/resultats/valeurs.csv|.xlsx`, one
//! row per indicator, period and category, with a column per disaggregation.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;

use super::chart::{Shown, category_label};
use super::{Dimension, Period, Series, queries as q};
use crate::auth::Permission;
use crate::community::enter;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::web::Ctx;
use crate::web::export::{self, Cell, Column, Format, Kind, Table, label};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(export::routes("/c/{slug}/resultats", indicators))
        .merge(export::routes("/c/{slug}/resultats/valeurs", values))
}

/// The series the visitor may read, and whether they get the public view.
async fn readable(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
) -> AppResult<(crate::community::Community, bool, Vec<Series>)> {
    let community = enter(state, ctx, slug, Permission::See).await?;
    let cid = community.id;
    let public = !ctx.user.as_ref().is_some_and(|u| u.is_member(cid));
    let now = clock::now_local();
    let series = state
        .db
        .run(move |c| Ok(q::dashboard(c, cid, public, &now)?))
        .await?;
    Ok((community, public, series))
}

/// A figure as a number, or the text "< 5" where the public view hides it.
fn figure(shown: &Shown, n: Option<i64>) -> Cell {
    match n {
        Some(n) if shown.hidden(n) => Cell::text(shown.text(n)),
        n => Cell::int(n),
    }
}

fn shown_for(tr: Tr, s: &Series, public: bool, threshold: i64) -> Shown {
    Shown {
        tr,
        hide_under: (public && s.indicator.counts_people()).then_some(threshold),
    }
}

async fn indicators(
    State(state): State<AppState>,
    ctx: Ctx,
    format: Format,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let (community, public, series) = readable(&state, &ctx, &slug).await?;
    let tr = &ctx.tr;
    let mut table = Table::new(
        tr,
        "indicators-title",
        &[
            ("export-col-code", Kind::Text),
            ("export-col-label", Kind::Text),
            ("export-col-unit", Kind::Text),
            ("export-col-level", Kind::Text),
            ("export-col-theme", Kind::Text),
            ("export-col-source", Kind::Text),
            ("export-col-baseline", Kind::Integer),
            ("export-col-baseline-on", Kind::Date),
        ],
    );
    // Every period of any indicator, in order: two columns each.
    let mut periods: Vec<Period> = series.iter().flat_map(|s| s.indicator.periods()).collect();
    periods.sort();
    periods.dedup();
    for p in &periods {
        for key in ["export-col-target-of", "export-col-value-of"] {
            table.columns.push(Column {
                header: tr.t1(key, "period", &p.code()),
                kind: Kind::Integer,
            });
        }
    }
    let threshold = state.config.public_count_threshold;
    for s in &series {
        let i = &s.indicator;
        let shown = shown_for(ctx.tr, s, public, threshold);
        let mut row = vec![
            Cell::text(i.code.as_str()),
            Cell::text(i.label(tr)),
            label(tr, i.unit),
            label(tr, i.level),
            Cell::opt(i.theme.clone()),
            label(tr, i.source),
            figure(&shown, i.baseline_value),
            Cell::iso_opt(i.baseline_on.as_deref()),
        ];
        for p in &periods {
            let f = s.periods.iter().find(|f| f.period == p.code());
            row.push(Cell::int(f.and_then(|f| f.target)));
            row.push(figure(&shown, f.and_then(|f| f.value)));
        }
        table.push(row);
    }
    let user = ctx.user.as_ref().map(|u| u.id);
    let at = (community.id, community.slug.as_str());
    export::send(&state, user, at, "indicators", format, table).await
}

async fn values(
    State(state): State<AppState>,
    ctx: Ctx,
    format: Format,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let (community, public, series) = readable(&state, &ctx, &slug).await?;
    let tr = &ctx.tr;
    let mut columns = vec![
        ("export-col-code", Kind::Text),
        ("export-col-label", Kind::Text),
        ("export-col-period", Kind::Text),
        ("export-col-period-start", Kind::Date),
        ("export-col-period-end", Kind::Date),
        ("export-col-sex", Kind::Text),
        ("export-col-age-band", Kind::Text),
        ("export-col-commune", Kind::Text),
        ("export-col-organisation", Kind::Text),
        ("export-col-value", Kind::Integer),
        ("export-col-target", Kind::Integer),
    ];
    if !public {
        columns.push(("export-col-evidence", Kind::Text));
        columns.push(("export-col-evidence-link", Kind::Text));
    }
    let mut table = Table::new(tr, "export-indicator-values-title", &columns);
    let threshold = state.config.public_count_threshold;
    for s in &series {
        let i = &s.indicator;
        let shown = shown_for(ctx.tr, s, public, threshold);
        for f in &s.periods {
            let Some(period) = Period::parse(&f.period) else {
                continue;
            };
            // The last day of the period (its end is the day after, periods being half-open).
            let last = clock::parse_date(&period.end()).and_then(|d| d.previous_day());
            let head = [
                Cell::text(i.code.as_str()),
                Cell::text(i.label(tr)),
                Cell::text(period.code()),
                Cell::iso(&period.start()),
                last.map_or(Cell::Empty, |d| Cell::Date(d, None)),
            ];
            // The total: no category.
            let mut total = head.to_vec();
            total.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
            total.push(figure(&shown, f.value));
            total.push(Cell::int(f.target));
            if !public {
                total.push(Cell::opt(f.evidence_text.clone()));
                total.push(Cell::opt(f.evidence_link.clone()));
            }
            table.push(total);
            // Then one row per category of each disaggregation, in its own column.
            for (d, cat, n) in &f.breakdown {
                let mut row = head.to_vec();
                for dim in Dimension::all() {
                    row.push(if dim == d {
                        Cell::text(category_label(tr, *d, cat))
                    } else {
                        Cell::Empty
                    });
                }
                row.push(figure(&shown, Some(*n)));
                table.push(row);
            }
        }
    }
    let user = ctx.user.as_ref().map(|u| u.id);
    let at = (community.id, community.slug.as_str());
    export::send(&state, user, at, "indicator_values", format, table).await
}
