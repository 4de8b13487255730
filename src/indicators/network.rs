//! The network's results (`/reseau/resultats`): every community together, each record once
//! (an activity two communities share counts once), year by year, and the same totals per
//! community beside them. Open to anyone; outside the communities, counts of people under
//! the threshold are written "< N".

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::chart::{self, Panel};
use super::headline::Figure;
use super::queries::{self as q, Narrowing, Scope, Span};
use super::{Headline, Indicator, Level, Measure, Period, PeriodFigures, Series, Source};
use crate::community::CommunityRef;
use crate::community::queries as cq;
use crate::db::{Conn, DbResult};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::ids::{CommunityId, IndicatorId};
use crate::web::{Ctx, render};
use crate::{AppState, clock};

/// What the network's page charts, year by year.
pub const MEASURES: [Measure; 10] = [
    Measure::ActivitiesHeld,
    Measure::Participants,
    Measure::WomenParticipants,
    Measure::MenParticipants,
    Measure::ReachedCounted,
    Measure::ReachedEstimated,
    Measure::OrganisationsSensitised,
    Measure::ResourcesShared,
    Measure::QuestionsSolved,
    Measure::PlanActionsDone,
];

/// At most this many years are charted, the latest.
const YEARS: i32 = 8;

/// One measure's yearly figures for the network, as an indicator the chart can draw.
#[derive(Clone, Debug)]
pub struct NetworkFigures {
    pub years: Vec<Period>,
    pub series: Vec<(Measure, Vec<(String, i64)>)>,
    pub total: Headline,
    /// Each community's own headline (its shared activities in each).
    pub communities: Vec<(CommunityRef, Headline)>,
}

fn first_year(c: &mut Conn) -> DbResult<Option<i32>> {
    let rows: Vec<Option<String>> =
        c.query("SELECT MIN(starts_at) AS first FROM activities", &[], |r| {
            r.get("first")
        })?;
    Ok(rows
        .into_iter()
        .flatten()
        .next()
        .and_then(|s| s.get(..4).and_then(|y| y.parse().ok())))
}

/// Every figure of the page, in as many queries as measures and communities.
pub fn figures(c: &mut Conn, now_local: &str) -> DbResult<NetworkFigures> {
    let this_year = clock::today().year();
    let first = first_year(c)?
        .unwrap_or(this_year)
        .max(this_year - YEARS + 1);
    let years: Vec<Period> = (first..=this_year)
        .map(|year| Period { year, half: None })
        .collect();
    let spans: Vec<Span> = years.iter().map(Span::from).collect();
    let mut series = Vec::new();
    for m in MEASURES {
        let values = q::measures::measure(
            c,
            m,
            Scope::Network,
            Narrowing::default(),
            &spans,
            now_local,
        )?;
        let by_year = years
            .iter()
            .map(|p| (p.code(), values.get(&p.code()).copied().unwrap_or(0)))
            .collect();
        series.push((m, by_year));
    }
    let all_time = Span::days(
        time::Date::from_calendar_date(1990, time::Month::January, 1).unwrap_or(time::Date::MIN),
        clock::today(),
    );
    let total = q::headline::headline(c, Scope::Network, &all_time, true, now_local)?;
    let mut communities = Vec::new();
    for (community, is_public) in cq::all_with_visibility(c)? {
        if !is_public {
            continue;
        }
        let h = q::headline::headline(
            c,
            Scope::Community(community.id),
            &all_time,
            true,
            now_local,
        )?;
        communities.push((community, h));
    }
    Ok(NetworkFigures {
        years,
        series,
        total,
        communities,
    })
}

/// A network measure dressed as an indicator, so that it is drawn like the communities' own.
fn as_series(tr: &Tr, k: usize, m: Measure, years: &[Period], values: &[(String, i64)]) -> Series {
    let label = tr.t(&m.label_key()).into_owned();
    let (first, last) = (
        years.first().copied().unwrap_or(Period {
            year: 2000,
            half: None,
        }),
        years.last().copied().unwrap_or(Period {
            year: 2000,
            half: None,
        }),
    );
    Series {
        indicator: Indicator {
            id: IndicatorId(k as i64 + 1),
            community_id: CommunityId(0),
            code: m.code().to_uppercase(),
            label_fr: label.clone(),
            label_en: label,
            label_bm: None,
            unit: m.unit(),
            level: Level::Output,
            theme_id: None,
            theme: None,
            first_period: first,
            last_period: last,
            baseline_value: None,
            baseline_on: None,
            source: Source::Computed,
            measure: Some(m),
            activity_kind: None,
            evidence_required: false,
            is_public: true,
            dimensions: Vec::new(),
        },
        periods: values
            .iter()
            .map(|(period, v)| PeriodFigures {
                period: period.clone(),
                value: Some(*v),
                ..Default::default()
            })
            .collect(),
    }
}

/// One line of the table by community.
pub struct CommunityLine {
    pub community: CommunityRef,
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "indicators/network.html")]
struct NetworkPage {
    ctx: Ctx,
    headline: Vec<Figure>,
    panels: Vec<Panel>,
    /// The columns of the table by community: activities, participants, women, men,
    /// reached (counted), reached (estimated), organisations sensitised.
    lines: Vec<CommunityLine>,
    total: Vec<String>,
    public: bool,
    threshold: i64,
}

fn cells(tr: &Tr, h: &Headline, hide_under: Option<i64>) -> Vec<String> {
    let people = |n: i64| match hide_under {
        Some(t) if n < t => tr.count("indicator-under", t),
        _ => tr.num(n),
    };
    vec![
        tr.num(h.activities),
        people(h.participants),
        people(h.women),
        people(h.men),
        people(h.reached_counted),
        people(h.reached_estimated),
        tr.num(h.organisations_sensitised),
    ]
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    // Every community's figures: hundreds of aggregates. Kept for the hour (and until the
    // next write), counting what had started by the hour.
    let now = clock::now_local();
    let hour = format!("{}:00", now.get(..13).unwrap_or(&now));
    let figures = state
        .db
        .cached_bulky(format!("network-results:{hour}"), move |c| {
            Ok(figures(c, &hour)?)
        })
        .await?;
    // Members of any community see every figure; the public, counts of people from the
    // threshold up.
    let public = ctx.user.as_ref().is_none_or(|u| u.roles.is_empty());
    let threshold = state.config.public_count_threshold;
    let hide_under = public.then_some(threshold);
    let tr = ctx.tr;
    let panels = figures
        .series
        .iter()
        .enumerate()
        .map(|(k, (m, values))| {
            chart::panel(
                &as_series(&tr, k, *m, &figures.years, values),
                tr,
                public,
                threshold,
            )
        })
        .collect();
    let lines = figures
        .communities
        .iter()
        .map(|(community, h)| CommunityLine {
            community: community.clone(),
            cells: cells(&tr, h, hide_under),
        })
        .collect();
    render(&NetworkPage {
        headline: if figures.total.is_empty() {
            Vec::new()
        } else {
            figures.total.figures(&tr, hide_under)
        },
        total: cells(&tr, &figures.total, hide_under),
        panels,
        lines,
        public,
        threshold,
        ctx,
    })
}
