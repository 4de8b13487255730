//! Results framework: the indicators a community's coordinators define (output or outcome,
//! unit, disaggregations, baseline, targets per period) and their values per period, either
//! computed from the records by a closed set of measures (one SQL aggregate each, in
//! `queries.rs`) or entered with evidence. The dashboard (`/c/{slug}/resultats`) shows each
//! one as a small server-rendered SVG bar chart beside the table of its numbers; its public
//! view hides counts of people under the configured threshold.

pub mod chart;
pub mod demo;
pub mod export;
pub mod headline;
pub mod interop;
pub mod network;
pub mod queries;
pub mod routes;
pub mod synthetic;

pub use headline::{Headline, PlansProgress};

use crate::activities::ActivityKind;
use crate::i18n::{Locale, Tr};
use crate::ids::{CommunityId, IndicatorId, ThemeId};

crate::closed_set! {
    /// What an indicator counts in.
    pub enum Unit("indicator-unit") {
        People = "people",
        Organisations = "organisations",
        Activities = "activities",
        Villages = "villages",
        Conventions = "conventions",
        Cases = "cases",
        Items = "items",
        Percent = "percent",
    }
}

crate::closed_set! {
    /// Where an indicator sits in the results chain.
    pub enum Level("indicator-level") {
        Output = "output",
        Outcome = "outcome",
    }
}

crate::closed_set! {
    /// A disaggregation an indicator carries.
    pub enum Dimension("indicator-dimension") {
        Sex = "sex",
        AgeBand = "age_band",
        Commune = "commune",
        Organisation = "organisation",
    }
}

crate::closed_set! {
    /// Where an indicator's values come from.
    pub enum Source("indicator-source") {
        Computed = "computed",
        Entered = "entered",
    }
}

crate::closed_set! {
    /// What a computed indicator counts, from the records of the community (activities it
    /// hosts or takes part in, not cancelled; its library, questions, plans, commitments,
    /// proposals and committees' candidates).
    pub enum Measure("indicator-measure") {
        Participants = "participants",
        WomenParticipants = "women_participants",
        MenParticipants = "men_participants",
        OrganisationsRepresented = "organisations_represented",
        /// People reached at mass events, counted (never mixed with estimates).
        ReachedCounted = "reached_counted",
        /// People reached at mass events, estimated.
        ReachedEstimated = "reached_estimated",
        OrganisationsSensitised = "organisations_sensitised",
        ActivitiesHeld = "activities_held",
        ResourcesShared = "resources_shared",
        QuestionsSolved = "questions_solved",
        PlanActionsDone = "plan_actions_done",
        CommitmentsKept = "commitments_kept",
        ProposalsAccepted = "proposals_accepted",
        /// Women candidates coached by the community's committees: a count, never names.
        WomenCoached = "women_coached",
        DeclaredCandidates = "declared_candidates",
    }
}

impl Measure {
    /// The measure counts people: in public, small values could point at someone.
    pub fn counts_people(self) -> bool {
        matches!(
            self,
            Measure::Participants
                | Measure::WomenParticipants
                | Measure::MenParticipants
                | Measure::ReachedCounted
                | Measure::ReachedEstimated
                | Measure::WomenCoached
                | Measure::DeclaredCandidates
        )
    }

    /// The disaggregations the records give this measure.
    pub fn dimensions(self) -> &'static [Dimension] {
        match self {
            Measure::Participants => Dimension::all(),
            Measure::WomenParticipants | Measure::MenParticipants => &[
                Dimension::AgeBand,
                Dimension::Commune,
                Dimension::Organisation,
            ],
            _ => &[],
        }
    }

    /// The measure counts activities or what happened at them, so a kind of activity may
    /// narrow it.
    pub fn about_activities(self) -> bool {
        matches!(
            self,
            Measure::Participants
                | Measure::WomenParticipants
                | Measure::MenParticipants
                | Measure::OrganisationsRepresented
                | Measure::ReachedCounted
                | Measure::ReachedEstimated
                | Measure::OrganisationsSensitised
                | Measure::ActivitiesHeld
        )
    }

    /// The unit its figures are in.
    pub fn unit(self) -> Unit {
        match self {
            Measure::OrganisationsRepresented | Measure::OrganisationsSensitised => {
                Unit::Organisations
            }
            Measure::ActivitiesHeld => Unit::Activities,
            Measure::ResourcesShared
            | Measure::QuestionsSolved
            | Measure::PlanActionsDone
            | Measure::CommitmentsKept
            | Measure::ProposalsAccepted => Unit::Items,
            _ => Unit::People,
        }
    }
}

/// A reporting period: a year ("2026") or a half-year ("2026-S1", "2026-S2").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    /// `None` for a whole year, `Some(1)` or `Some(2)` for a half.
    pub half: Option<u8>,
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let (year, half) = match s.split_once('-') {
            None => (s, None),
            Some((y, "S1")) | Some((y, "s1")) => (y, Some(1)),
            Some((y, "S2")) | Some((y, "s2")) => (y, Some(2)),
            Some(_) => return None,
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        (1990..=2100)
            .contains(&year)
            .then_some(Period { year, half })
    }

    /// The stored code: "2026" or "2026-S1".
    pub fn code(&self) -> String {
        match self.half {
            None => self.year.to_string(),
            Some(h) => format!("{}-S{h}", self.year),
        }
    }

    /// The first day, as ISO text.
    pub fn start(&self) -> String {
        match self.half {
            Some(2) => format!("{:04}-07-01", self.year),
            _ => format!("{:04}-01-01", self.year),
        }
    }

    /// The day after the last day, as ISO text (periods are half-open).
    pub fn end(&self) -> String {
        match self.half {
            Some(1) => format!("{:04}-07-01", self.year),
            _ => format!("{:04}-01-01", self.year + 1),
        }
    }

    pub fn same_granularity(&self, other: &Period) -> bool {
        self.half.is_some() == other.half.is_some()
    }

    pub fn next(&self) -> Period {
        match self.half {
            None => Period {
                year: self.year + 1,
                half: None,
            },
            Some(1) => Period {
                year: self.year,
                half: Some(2),
            },
            Some(_) => Period {
                year: self.year + 1,
                half: Some(1),
            },
        }
    }

    /// The periods from `first` to `last` included (same granularity), at most `max`.
    pub fn range(first: Period, last: Period, max: usize) -> Vec<Period> {
        let mut out = Vec::new();
        let mut p = first;
        while p <= last && out.len() < max {
            out.push(p);
            p = p.next();
        }
        out
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

/// At most this many periods per indicator (twelve years by half, or more by year).
pub const MAX_PERIODS: usize = 24;

/// An indicator as defined.
#[derive(Clone, Debug)]
pub struct Indicator {
    pub id: IndicatorId,
    pub community_id: CommunityId,
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
    pub label_bm: Option<String>,
    pub unit: Unit,
    pub level: Level,
    pub theme_id: Option<ThemeId>,
    pub theme: Option<String>,
    pub first_period: Period,
    pub last_period: Period,
    pub baseline_value: Option<i64>,
    pub baseline_on: Option<String>,
    pub source: Source,
    pub measure: Option<Measure>,
    pub activity_kind: Option<ActivityKind>,
    pub evidence_required: bool,
    pub is_public: bool,
    pub dimensions: Vec<Dimension>,
}

impl Indicator {
    /// The label in the reader's language (Bambara falls back to French).
    pub fn label(&self, tr: &Tr) -> &str {
        match tr.locale {
            Locale::En => &self.label_en,
            Locale::Bm => self.label_bm.as_deref().unwrap_or(&self.label_fr),
            Locale::Fr => &self.label_fr,
        }
    }

    pub fn periods(&self) -> Vec<Period> {
        Period::range(self.first_period, self.last_period, MAX_PERIODS)
    }

    /// Whether a period lies within the indicator's first and last periods, at its
    /// granularity.
    pub fn covers(&self, p: &Period) -> bool {
        p.same_granularity(&self.first_period) && *p >= self.first_period && *p <= self.last_period
    }

    /// Its figures are counts of people, hidden under the threshold in public.
    pub fn counts_people(&self) -> bool {
        match self.measure {
            Some(m) => m.counts_people(),
            None => self.unit == Unit::People,
        }
    }
}

/// One period of an indicator: its target, its value, and (entered values) the evidence.
#[derive(Clone, Debug, Default)]
pub struct PeriodFigures {
    pub period: String,
    pub target: Option<i64>,
    pub value: Option<i64>,
    pub evidence_text: Option<String>,
    pub evidence_link: Option<String>,
    /// The value disaggregated: (dimension, category, value); a missing category is "".
    pub breakdown: Vec<(Dimension, String, i64)>,
}

/// An indicator with its figures, for the dashboard.
#[derive(Clone, Debug)]
pub struct Series {
    pub indicator: Indicator,
    pub periods: Vec<PeriodFigures>,
}

impl Series {
    /// Keeps only the `max` latest periods (the dashboard; the indicator's page has them all).
    pub fn keep_latest_periods(&mut self, max: usize) {
        let extra = self.periods.len().saturating_sub(max);
        self.periods.drain(..extra);
    }

    /// Keeps only the breakdown of the latest period that has one, and in it the `max`
    /// largest categories of each dimension: a dashboard stays light whatever the number of
    /// values; the indicator's own page shows them all.
    pub fn keep_latest_breakdown(&mut self, max: usize) {
        let latest = self.periods.iter().rposition(|f| !f.breakdown.is_empty());
        for (k, f) in self.periods.iter_mut().enumerate() {
            if Some(k) != latest {
                f.breakdown.clear();
                continue;
            }
            let position = |d: &Dimension| Dimension::all().iter().position(|x| x == d);
            f.breakdown
                .sort_by(|a, b| position(&a.0).cmp(&position(&b.0)).then(b.2.cmp(&a.2)));
            let mut kept: Vec<(Dimension, usize)> = Vec::new();
            f.breakdown.retain(|(d, _, _)| {
                match kept.iter_mut().find(|(x, _)| x == d) {
                    Some((_, n)) => *n += 1,
                    None => kept.push((*d, 1)),
                }
                kept.iter().any(|(x, n)| x == d && *n <= max)
            });
        }
    }
}

/// A community's headline results from its first record to today.
pub fn headline_since_founding(
    c: &mut crate::db::Conn,
    community: CommunityId,
    public_only: bool,
    now_local: &str,
) -> crate::db::DbResult<Headline> {
    let first =
        time::Date::from_calendar_date(1990, time::Month::January, 1).unwrap_or(time::Date::MIN);
    let span = queries::Span::days(first, crate::clock::today());
    queries::headline::headline(
        c,
        queries::Scope::Community(community),
        &span,
        public_only,
        now_local,
    )
}
