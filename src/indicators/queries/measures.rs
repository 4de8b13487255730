//! The computed measures: each is one SQL aggregate over the records of a community (or of the
//! whole network, each record once), grouped by span with a `CASE` over the spans; the same
//! text on SQLite and PostgreSQL.

use std::collections::HashMap;

use crate::activities::{ActivityKind, ReachAudience};
use crate::db::{Conn, DbResult, Value};
use crate::ids::{CommunityId, ThemeId};
use crate::indicators::{Dimension, Indicator, Measure, Period};

/// Whose records a measure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// What a community hosts or takes part in, and its own records.
    Community(CommunityId),
    /// Every community's records, each once: an activity two communities share counts once.
    Network,
}

/// Days figures are counted over, half-open: a reporting period, or a report's dates. Its
/// code goes into SQL as a literal, so it is only ever made from parsed values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    code: String,
    start: String,
    end: String,
}

impl Span {
    /// From `from` to `to`, both included.
    pub fn days(from: time::Date, to: time::Date) -> Span {
        let end = to.next_day().unwrap_or(to);
        Span {
            code: "span".to_owned(),
            start: crate::clock::iso(from),
            end: crate::clock::iso(end),
        }
    }

    pub fn code(&self) -> &str {
        &self.code
    }
}

impl From<&Period> for Span {
    fn from(p: &Period) -> Span {
        Span {
            code: p.code(),
            start: p.start(),
            end: p.end(),
        }
    }
}

/// A measure's filters beside its scope.
#[derive(Clone, Copy, Debug, Default)]
pub struct Narrowing {
    pub kind: Option<ActivityKind>,
    pub theme: Option<ThemeId>,
}

/// Parameters in the order they are bound, named `$1`, `$2`… as they come.
#[derive(Default)]
struct Binder {
    params: Vec<Value>,
}

impl Binder {
    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.params.push(v.into());
        format!("${}", self.params.len())
    }
}

impl Scope {
    /// `col = $n` for a community; the network owns every record.
    fn owns(&self, col: &str, b: &mut Binder) -> String {
        match self {
            Scope::Community(id) => format!("{col} = {}", b.bind(*id)),
            Scope::Network => "1 = 1".to_owned(),
        }
    }
}

/// The date a measure's records are placed in a span by.
enum DateCol {
    /// ISO text ('YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM'), compared as text.
    Text(&'static str),
    /// Unix seconds.
    Unix(&'static str),
}

/// One measure as SQL: `FROM … WHERE …`, its date and aggregate.
struct Aggregate {
    from_where: String,
    params: Vec<Value>,
    date: DateCol,
    agg: &'static str,
}

/// Activities held (started) and not cancelled: for a community, those it hosts or takes
/// part in; for the network, each activity once.
fn activities_held(scope: Scope, b: &mut Binder, now_local: &str) -> String {
    let host = match scope {
        Scope::Community(id) => {
            let p = b.bind(id);
            format!(
                "(a.community_id = {p} OR EXISTS (SELECT 1 FROM activity_guests g \
                 WHERE g.activity_id = a.id AND g.community_id = {p})) AND "
            )
        }
        Scope::Network => String::new(),
    };
    format!(
        "{host}a.cancelled = {} AND a.starts_at <= {}",
        b.bind(false),
        b.bind(now_local)
    )
}

/// The activities a scope counts, held by `now_local` and not cancelled (`a` the activity):
/// the condition and its parameters, numbered from `$1`.
pub fn held(scope: Scope, now_local: &str) -> (String, Vec<Value>) {
    let mut b = Binder::default();
    let sql = activities_held(scope, &mut b, now_local);
    (sql, b.params)
}

fn aggregate(m: Measure, scope: Scope, narrow: Narrowing, now_local: &str) -> Aggregate {
    let mut b = Binder::default();
    if m.about_activities() {
        let mut filters = activities_held(scope, &mut b, now_local);
        if let Some(k) = narrow.kind {
            filters.push_str(&format!(" AND a.kind = {}", b.bind(k)));
        }
        if let Some(t) = narrow.theme {
            filters.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM activity_themes ath WHERE ath.activity_id = a.id \
                 AND ath.theme_id = {})",
                b.bind(t)
            ));
        }
        let attendance = "FROM activities a JOIN attendance t ON t.activity_id = a.id \
             LEFT JOIN organisations o ON o.id = t.organisation_id";
        let reach = "FROM activities a JOIN reach r ON r.activity_id = a.id";
        let (from, extra, agg) = match m {
            Measure::Participants => (attendance, String::new(), "COUNT(*)"),
            Measure::WomenParticipants => (attendance, " AND t.sex = 'F'".into(), "COUNT(*)"),
            Measure::MenParticipants => (attendance, " AND t.sex = 'M'".into(), "COUNT(*)"),
            Measure::OrganisationsRepresented => (
                attendance,
                String::new(),
                "COUNT(DISTINCT t.organisation_id)",
            ),
            // Counted and estimated reach are never added together.
            Measure::ReachedCounted | Measure::ReachedEstimated => (
                reach,
                format!(
                    " AND r.estimated = {} AND r.audience <> 'organisations'",
                    b.bind(m == Measure::ReachedEstimated)
                ),
                "CAST(SUM(r.headcount) AS BIGINT)",
            ),
            Measure::OrganisationsSensitised => (
                reach,
                " AND r.audience = 'organisations'".into(),
                "CAST(SUM(r.headcount) AS BIGINT)",
            ),
            _ => ("FROM activities a", String::new(), "COUNT(*)"),
        };
        return Aggregate {
            from_where: format!("{from} WHERE {filters}{extra}"),
            params: b.params,
            date: DateCol::Text("a.starts_at"),
            agg,
        };
    }
    let (from_where, date, agg) = match m {
        Measure::ResourcesShared => (
            format!(
                "FROM resources x WHERE {}",
                scope.owns("x.community_id", &mut b)
            ),
            DateCol::Unix("x.created_at"),
            "COUNT(*)",
        ),
        Measure::QuestionsSolved => (
            format!(
                "FROM questions q JOIN answers s ON s.id = q.solution_id WHERE {} AND q.hidden = {}",
                scope.owns("q.community_id", &mut b),
                b.bind(false)
            ),
            DateCol::Unix("s.created_at"),
            "COUNT(*)",
        ),
        // A done action counts in the period it was due in.
        Measure::PlanActionsDone => (
            format!(
                "FROM plan_actions pa JOIN plans p ON p.id = pa.plan_id \
                 WHERE {} AND pa.status = 'done'",
                scope.owns("p.community_id", &mut b)
            ),
            DateCol::Text("pa.due_on"),
            "COUNT(*)",
        ),
        Measure::CommitmentsKept => (
            format!(
                "FROM commitments k WHERE {} AND k.assessment = 'kept'",
                scope.owns("k.community_id", &mut b)
            ),
            DateCol::Text("k.assessed_on"),
            "COUNT(*)",
        ),
        Measure::ProposalsAccepted => (
            format!(
                "FROM proposals p WHERE {} AND p.state = 'accepted'",
                scope.owns("p.community_id", &mut b)
            ),
            DateCol::Unix("p.decided_at"),
            "COUNT(*)",
        ),
        // Each woman once per span, from her path and the sessions she attended; only
        // counts leave this query, never a candidate.
        Measure::WomenCoached | Measure::DeclaredCandidates => {
            let stages = if m == Measure::WomenCoached {
                "'coached', 'declared', 'elected', 'not_elected'"
            } else {
                "'declared', 'elected', 'not_elected'"
            };
            let path = scope.owns("k.community_id", &mut b);
            let sessions = if m == Measure::WomenCoached {
                format!(
                    " UNION ALL SELECT ca.candidate_id AS cid, cs.held_on AS d \
                     FROM coaching_attendance ca JOIN coaching_sessions cs ON cs.id = ca.session_id \
                     JOIN candidates k2 ON k2.id = ca.candidate_id WHERE {}",
                    scope.owns("k2.community_id", &mut b)
                )
            } else {
                String::new()
            };
            (
                format!(
                    "FROM (SELECT s.candidate_id AS cid, s.changed_on AS d FROM candidate_stages s \
                     JOIN candidates k ON k.id = s.candidate_id \
                     WHERE {path} AND s.stage IN ({stages}){sessions}) x WHERE 1 = 1"
                ),
                DateCol::Text("x.d"),
                "COUNT(DISTINCT x.cid)",
            )
        }
        _ => unreachable!("activity measures are handled above"),
    };
    Aggregate {
        from_where,
        params: b.params,
        date,
        agg,
    }
}

fn unix_of(iso: &str) -> i64 {
    crate::clock::parse_date(iso)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .unwrap_or(0)
}

/// The bound of a span as an SQL literal for `date`. Spans are made of parsed dates, so the
/// literals are never user text.
fn bound(date: &DateCol, iso: &str) -> String {
    match date {
        DateCol::Text(_) => format!("'{iso}'"),
        DateCol::Unix(_) => unix_of(iso).to_string(),
    }
}

/// `CASE WHEN col >= lo AND col < hi THEN 'code' … END`, and the whole range's bounds.
fn span_case(date: &DateCol, spans: &[Span]) -> (String, String, String) {
    let col = match date {
        DateCol::Text(c) | DateCol::Unix(c) => *c,
    };
    let mut case = String::from("CASE");
    for s in spans {
        case.push_str(&format!(
            " WHEN {col} >= {} AND {col} < {} THEN '{}'",
            bound(date, &s.start),
            bound(date, &s.end),
            s.code
        ));
    }
    case.push_str(" END");
    let lo = spans.iter().map(|s| s.start.as_str()).min().unwrap_or("");
    let hi = spans.iter().map(|s| s.end.as_str()).max().unwrap_or("");
    (
        case,
        format!("{col} >= {}", bound(date, lo)),
        format!("{col} < {}", bound(date, hi)),
    )
}

/// The SQL of a dimension's category over attendance (`t`, organisations `o`).
fn category(d: Dimension) -> &'static str {
    match d {
        Dimension::Sex => "t.sex",
        Dimension::AgeBand => "COALESCE(t.age_band, '')",
        Dimension::Commune => "COALESCE(t.commune, '')",
        Dimension::Organisation => "COALESCE(o.acronym, o.name, t.organisation_name, '')",
    }
}

/// A measure's values per span: span code → value; a span without records is absent.
pub fn measure(
    c: &mut Conn,
    m: Measure,
    scope: Scope,
    narrow: Narrowing,
    spans: &[Span],
    now_local: &str,
) -> DbResult<HashMap<String, i64>> {
    if spans.is_empty() {
        return Ok(HashMap::new());
    }
    let a = aggregate(m, scope, narrow, now_local);
    let (case, lo, hi) = span_case(&a.date, spans);
    let sql = format!(
        "SELECT {case} AS period, {} AS n {} AND {lo} AND {hi} GROUP BY 1",
        a.agg, a.from_where
    );
    let rows: Vec<(Option<String>, Option<i64>)> =
        c.query(&sql, &a.params, |r| Ok((r.get("period")?, r.get("n")?)))?;
    Ok(rows
        .into_iter()
        .filter_map(|(p, n)| Some((p?, n.unwrap_or(0))))
        .collect())
}

/// A measure's values per span and category of one dimension.
pub fn measure_by(
    c: &mut Conn,
    m: Measure,
    scope: Scope,
    narrow: Narrowing,
    spans: &[Span],
    d: Dimension,
    now_local: &str,
) -> DbResult<Vec<(String, String, i64)>> {
    if spans.is_empty() || !m.dimensions().contains(&d) {
        return Ok(Vec::new());
    }
    let a = aggregate(m, scope, narrow, now_local);
    let (case, lo, hi) = span_case(&a.date, spans);
    let sql = format!(
        "SELECT {case} AS period, {} AS category, {} AS n {} AND {lo} AND {hi} \
         GROUP BY 1, 2 ORDER BY 1, 2",
        category(d),
        a.agg,
        a.from_where
    );
    let rows: Vec<(Option<String>, String, i64)> = c.query(&sql, &a.params, |r| {
        Ok((r.get("period")?, r.get("category")?, r.get("n")?))
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|(p, cat, n)| p.map(|p| (p, cat, n)))
        .collect())
}

fn indicator_spans(i: &Indicator, periods: &[Period]) -> (Scope, Narrowing, Vec<Span>) {
    (
        Scope::Community(i.community_id),
        Narrowing {
            kind: i.activity_kind,
            theme: i.theme_id,
        },
        periods.iter().map(Span::from).collect(),
    )
}

/// A computed indicator's values per period: `period code → value`.
pub fn computed(
    c: &mut Conn,
    i: &Indicator,
    periods: &[Period],
    now_local: &str,
) -> DbResult<HashMap<String, i64>> {
    let Some(m) = i.measure else {
        return Ok(HashMap::new());
    };
    let (scope, narrow, spans) = indicator_spans(i, periods);
    measure(c, m, scope, narrow, &spans, now_local)
}

/// A computed indicator's values per period and category of one dimension.
pub fn computed_by(
    c: &mut Conn,
    i: &Indicator,
    periods: &[Period],
    d: Dimension,
    now_local: &str,
) -> DbResult<Vec<(String, String, i64)>> {
    let Some(m) = i.measure else {
        return Ok(Vec::new());
    };
    let (scope, narrow, spans) = indicator_spans(i, periods);
    measure_by(c, m, scope, narrow, &spans, d, now_local)
}

/// People reached over a span, by audience, counted and estimated kept apart:
/// `(audience, estimated, people)`, the largest first.
pub fn reach_by_audience(
    c: &mut Conn,
    scope: Scope,
    span: &Span,
    now_local: &str,
) -> DbResult<Vec<(ReachAudience, bool, i64)>> {
    let mut b = Binder::default();
    let held = activities_held(scope, &mut b, now_local);
    let sql = format!(
        "SELECT r.audience, r.estimated, CAST(SUM(r.headcount) AS BIGINT) AS n \
         FROM activities a JOIN reach r ON r.activity_id = a.id \
         WHERE {held} AND a.starts_at >= {} AND a.starts_at < {} \
         GROUP BY r.audience, r.estimated ORDER BY n DESC, r.audience",
        b.bind(span.start.as_str()),
        b.bind(span.end.as_str())
    );
    c.query(&sql, &b.params, |r| {
        Ok((r.get("audience")?, r.get("estimated")?, r.get("n")?))
    })
}
