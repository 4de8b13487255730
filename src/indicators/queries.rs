//! Every SQL statement of indicators, and the computed measures: each is one SQL aggregate
//! grouped by period (a `CASE` over the indicator's periods), the same text on SQLite and
//! PostgreSQL.

use std::collections::HashMap;

use super::{Dimension, Indicator, Measure, Period, PeriodFigures, Series, Source};
use crate::activities::ActivityKind;
use crate::db::{Conn, DbResult, Row, Value};
use crate::ids::{CommunityId, IndicatorId, ThemeId, UserId};
use crate::params;

const COLUMNS: &str = "i.id, i.community_id, i.code, i.label_fr, i.label_en, i.label_bm, i.unit, \
     i.level, i.theme_id, th.name_fr AS theme, i.first_period, i.last_period, i.baseline_value, \
     i.baseline_on, i.source, i.measure, i.activity_kind, i.evidence_required, i.is_public";

fn period_col(r: &Row, col: &str) -> DbResult<Period> {
    let s: String = r.get(col)?;
    Period::parse(&s).ok_or_else(|| crate::db::DbError::Other(format!("bad period: {s}")))
}

fn indicator_row(r: &Row) -> DbResult<Indicator> {
    Ok(Indicator {
        id: r.get("id")?,
        community_id: r.get("community_id")?,
        code: r.get("code")?,
        label_fr: r.get("label_fr")?,
        label_en: r.get("label_en")?,
        label_bm: r.get("label_bm")?,
        unit: r.get("unit")?,
        level: r.get("level")?,
        theme_id: r.get("theme_id")?,
        theme: r.get("theme")?,
        first_period: period_col(r, "first_period")?,
        last_period: period_col(r, "last_period")?,
        baseline_value: r.get("baseline_value")?,
        baseline_on: r.get("baseline_on")?,
        source: r.get("source")?,
        measure: r.get("measure")?,
        activity_kind: r.get("activity_kind")?,
        evidence_required: r.get("evidence_required")?,
        is_public: r.get("is_public")?,
        dimensions: Vec::new(),
    })
}

fn dimensions(c: &mut Conn, id: IndicatorId) -> DbResult<Vec<Dimension>> {
    let mut dims: Vec<Dimension> = c.query(
        "SELECT dimension FROM indicator_disaggregations WHERE indicator_id = $1",
        params![id],
        |r| r.get("dimension"),
    )?;
    dims.sort_by_key(|d| Dimension::all().iter().position(|x| x == d));
    Ok(dims)
}

/// A community's indicators in their order; only the public ones when `public_only`.
pub fn list(c: &mut Conn, community: CommunityId, public_only: bool) -> DbResult<Vec<Indicator>> {
    let (public, params) = if public_only {
        (" AND i.is_public = $2", vec![community.into(), true.into()])
    } else {
        ("", vec![Value::from(community)])
    };
    let mut found = c.query(
        &format!(
            "SELECT {COLUMNS} FROM indicators i LEFT JOIN themes th ON th.id = i.theme_id
             WHERE i.community_id = $1{public} ORDER BY i.position, i.code, i.id"
        ),
        &params,
        indicator_row,
    )?;
    for i in &mut found {
        i.dimensions = dimensions(c, i.id)?;
    }
    Ok(found)
}

/// One indicator of a community.
pub fn get(c: &mut Conn, community: CommunityId, id: IndicatorId) -> DbResult<Option<Indicator>> {
    let found = c.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM indicators i LEFT JOIN themes th ON th.id = i.theme_id
             WHERE i.id = $1 AND i.community_id = $2"
        ),
        params![id, community],
        indicator_row,
    )?;
    let Some(mut i) = found else { return Ok(None) };
    i.dimensions = dimensions(c, i.id)?;
    Ok(Some(i))
}

pub fn code_taken(c: &mut Conn, community: CommunityId, code: &str) -> DbResult<bool> {
    let n: i64 = c.scalar(
        "SELECT COUNT(*) FROM indicators WHERE community_id = $1 AND code = $2",
        params![community, code],
    )?;
    Ok(n > 0)
}

/// What the definition form gives, checked.
#[derive(Clone, Debug)]
pub struct IndicatorFields {
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
    pub label_bm: Option<String>,
    pub unit: super::Unit,
    pub level: super::Level,
    pub theme_id: Option<ThemeId>,
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
    /// Targets given with the definition: (period, value), each inside the indicator's periods.
    pub targets: Vec<(Period, i64)>,
}

/// Creates an indicator with its disaggregations and targets; `None` when the code is taken.
pub fn create(
    c: &mut Conn,
    community: CommunityId,
    f: &IndicatorFields,
    by: Option<UserId>,
    now: i64,
) -> DbResult<Option<IndicatorId>> {
    if code_taken(c, community, &f.code)? {
        return Ok(None);
    }
    let position: i64 = c.scalar(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM indicators WHERE community_id = $1",
        params![community],
    )?;
    let id: IndicatorId = c.scalar(
        "INSERT INTO indicators (community_id, code, label_fr, label_en, label_bm, unit, level,
            theme_id, first_period, last_period, baseline_value, baseline_on, source, measure,
            activity_kind, evidence_required, is_public, position, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
            $19, $20, $20) RETURNING id",
        params![
            community,
            &f.code,
            &f.label_fr,
            &f.label_en,
            &f.label_bm,
            f.unit,
            f.level,
            f.theme_id,
            f.first_period.code(),
            f.last_period.code(),
            f.baseline_value,
            &f.baseline_on,
            f.source,
            f.measure,
            f.activity_kind,
            f.evidence_required,
            f.is_public,
            position,
            by,
            now
        ],
    )?;
    for d in &f.dimensions {
        c.execute(
            "INSERT INTO indicator_disaggregations (indicator_id, dimension) VALUES ($1, $2)",
            params![id, *d],
        )?;
    }
    for (p, v) in &f.targets {
        set_target(c, id, p, *v)?;
    }
    Ok(Some(id))
}

/// Sets the target of one period (replacing an earlier one).
pub fn set_target(c: &mut Conn, id: IndicatorId, period: &Period, value: i64) -> DbResult<()> {
    c.execute(
        "INSERT INTO indicator_targets (indicator_id, period, value) VALUES ($1, $2, $3)
         ON CONFLICT (indicator_id, period) DO UPDATE SET value = excluded.value",
        params![id, period.code(), value],
    )?;
    Ok(())
}

/// An entered value of one period, with its evidence (replacing an earlier one).
pub struct EnteredValue {
    pub period: Period,
    pub value: i64,
    pub evidence_text: Option<String>,
    pub evidence_link: Option<String>,
}

pub fn enter_value(
    c: &mut Conn,
    id: IndicatorId,
    v: &EnteredValue,
    by: Option<UserId>,
    now: i64,
) -> DbResult<()> {
    c.execute(
        "INSERT INTO indicator_values (indicator_id, period, value, evidence_text, evidence_link,
            entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (indicator_id, period) DO UPDATE SET value = excluded.value,
            evidence_text = excluded.evidence_text, evidence_link = excluded.evidence_link,
            entered_by = excluded.entered_by, entered_at = excluded.entered_at",
        params![
            id,
            v.period.code(),
            v.value,
            &v.evidence_text,
            &v.evidence_link,
            by,
            now
        ],
    )?;
    c.execute(
        "UPDATE indicators SET updated_at = $1 WHERE id = $2",
        params![now, id],
    )?;
    Ok(())
}

fn targets(c: &mut Conn, id: IndicatorId) -> DbResult<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = c.query(
        "SELECT period, value FROM indicator_targets WHERE indicator_id = $1",
        params![id],
        |r| Ok((r.get("period")?, r.get("value")?)),
    )?;
    Ok(rows.into_iter().collect())
}

type Evidence = (i64, Option<String>, Option<String>);

fn entered(c: &mut Conn, id: IndicatorId) -> DbResult<HashMap<String, Evidence>> {
    let rows: Vec<(String, Evidence)> = c.query(
        "SELECT period, value, evidence_text, evidence_link FROM indicator_values
         WHERE indicator_id = $1",
        params![id],
        |r| {
            Ok((
                r.get("period")?,
                (
                    r.get("value")?,
                    r.get("evidence_text")?,
                    r.get("evidence_link")?,
                ),
            ))
        },
    )?;
    Ok(rows.into_iter().collect())
}

// ---- computed measures ----

/// The date a measure's records are placed in a period by.
enum DateCol {
    /// ISO text ('YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM'), compared as text.
    Text(&'static str),
    /// Unix seconds.
    Unix(&'static str),
}

/// One measure as SQL: `FROM … WHERE …` (with `$1` the community), its date and aggregate.
struct Aggregate {
    from_where: String,
    params: Vec<Value>,
    date: DateCol,
    agg: &'static str,
}

/// Activities the community hosts or takes part in, held (started) and not cancelled.
const ACTIVITIES: &str = "(a.community_id = $1 OR EXISTS (SELECT 1 FROM activity_guests g \
     WHERE g.activity_id = a.id AND g.community_id = $1)) AND a.cancelled = $2 AND a.starts_at <= $3";

fn aggregate(
    m: Measure,
    community: CommunityId,
    kind: Option<ActivityKind>,
    theme: Option<ThemeId>,
    now_local: &str,
) -> Aggregate {
    let mut params: Vec<Value> = vec![community.into()];
    if m.about_activities() {
        params.push(false.into());
        params.push(now_local.into());
        let mut filters = String::new();
        if let Some(k) = kind {
            params.push(k.into());
            filters.push_str(&format!(" AND a.kind = ${}", params.len()));
        }
        if let Some(t) = theme {
            params.push(t.into());
            filters.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM activity_themes ath WHERE ath.activity_id = a.id \
                 AND ath.theme_id = ${})",
                params.len()
            ));
        }
        let attendance = "FROM activities a JOIN attendance t ON t.activity_id = a.id \
             LEFT JOIN organisations o ON o.id = t.organisation_id";
        let (from, extra, agg) = match m {
            Measure::Participants => (attendance, "", "COUNT(*)"),
            Measure::WomenParticipants => (attendance, " AND t.sex = 'F'", "COUNT(*)"),
            Measure::MenParticipants => (attendance, " AND t.sex = 'M'", "COUNT(*)"),
            Measure::OrganisationsRepresented => {
                (attendance, "", "COUNT(DISTINCT t.organisation_id)")
            }
            Measure::ReachedCounted | Measure::ReachedEstimated => {
                params.push((m == Measure::ReachedEstimated).into());
                let n = params.len();
                return Aggregate {
                    from_where: format!(
                        "FROM activities a JOIN reach r ON r.activity_id = a.id WHERE {ACTIVITIES}\
                         {filters} AND r.estimated = ${n} AND r.audience <> 'organisations'"
                    ),
                    params,
                    date: DateCol::Text("a.starts_at"),
                    agg: "CAST(SUM(r.headcount) AS BIGINT)",
                };
            }
            Measure::OrganisationsSensitised => (
                "FROM activities a JOIN reach r ON r.activity_id = a.id",
                " AND r.audience = 'organisations'",
                "CAST(SUM(r.headcount) AS BIGINT)",
            ),
            _ => ("FROM activities a", "", "COUNT(*)"),
        };
        return Aggregate {
            from_where: format!("{from} WHERE {ACTIVITIES}{filters}{extra}"),
            params,
            date: DateCol::Text("a.starts_at"),
            agg,
        };
    }
    let (from_where, date, agg) = match m {
        Measure::ResourcesShared => (
            "FROM resources x WHERE x.community_id = $1".to_owned(),
            DateCol::Unix("x.created_at"),
            "COUNT(*)",
        ),
        Measure::QuestionsSolved => {
            params.push(false.into());
            (
                "FROM questions q JOIN answers s ON s.id = q.solution_id \
                 WHERE q.community_id = $1 AND q.hidden = $2"
                    .to_owned(),
                DateCol::Unix("s.created_at"),
                "COUNT(*)",
            )
        }
        // A done action counts in the period it was due in.
        Measure::PlanActionsDone => (
            "FROM plan_actions pa JOIN plans p ON p.id = pa.plan_id \
             WHERE p.community_id = $1 AND pa.status = 'done'"
                .to_owned(),
            DateCol::Text("pa.due_on"),
            "COUNT(*)",
        ),
        Measure::CommitmentsKept => (
            "FROM commitments k WHERE k.community_id = $1 AND k.assessment = 'kept'".to_owned(),
            DateCol::Text("k.assessed_on"),
            "COUNT(*)",
        ),
        Measure::ProposalsAccepted => (
            "FROM proposals p WHERE p.community_id = $1 AND p.state = 'accepted'".to_owned(),
            DateCol::Unix("p.decided_at"),
            "COUNT(*)",
        ),
        // Each woman once per period, from her path and the sessions she attended; only
        // counts leave this query, never a candidate.
        Measure::WomenCoached | Measure::DeclaredCandidates => {
            let stages = if m == Measure::WomenCoached {
                "'coached', 'declared', 'elected', 'not_elected'"
            } else {
                "'declared', 'elected', 'not_elected'"
            };
            let sessions = if m == Measure::WomenCoached {
                " UNION ALL SELECT ca.candidate_id AS cid, cs.held_on AS d \
                 FROM coaching_attendance ca JOIN coaching_sessions cs ON cs.id = ca.session_id \
                 JOIN candidates k2 ON k2.id = ca.candidate_id WHERE k2.community_id = $1"
            } else {
                ""
            };
            (
                format!(
                    "FROM (SELECT s.candidate_id AS cid, s.changed_on AS d FROM candidate_stages s \
                     JOIN candidates k ON k.id = s.candidate_id \
                     WHERE k.community_id = $1 AND s.stage IN ({stages}){sessions}) x WHERE 1 = 1"
                ),
                DateCol::Text("x.d"),
                "COUNT(DISTINCT x.cid)",
            )
        }
        _ => unreachable!("activity measures are handled above"),
    };
    Aggregate {
        from_where,
        params,
        date,
        agg,
    }
}

fn unix_of(iso: &str) -> i64 {
    crate::clock::parse_date(iso)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .unwrap_or(0)
}

/// The bound of a period as an SQL literal for `date`. Periods are parsed numbers, so the
/// literals are never user text.
fn bound(date: &DateCol, iso: &str) -> String {
    match date {
        DateCol::Text(_) => format!("'{iso}'"),
        DateCol::Unix(_) => unix_of(iso).to_string(),
    }
}

/// `CASE WHEN col >= lo AND col < hi THEN 'code' … END`, and the whole range's bounds.
fn period_case(date: &DateCol, periods: &[Period]) -> (String, String, String) {
    let col = match date {
        DateCol::Text(c) | DateCol::Unix(c) => *c,
    };
    let mut case = String::from("CASE");
    for p in periods {
        case.push_str(&format!(
            " WHEN {col} >= {} AND {col} < {} THEN '{}'",
            bound(date, &p.start()),
            bound(date, &p.end()),
            p.code()
        ));
    }
    case.push_str(" END");
    let lo = periods.first().map(|p| p.start()).unwrap_or_default();
    let hi = periods.last().map(|p| p.end()).unwrap_or_default();
    (
        case,
        format!("{col} >= {}", bound(date, &lo)),
        format!("{col} < {}", bound(date, &hi)),
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
    if periods.is_empty() {
        return Ok(HashMap::new());
    }
    let a = aggregate(m, i.community_id, i.activity_kind, i.theme_id, now_local);
    let (case, lo, hi) = period_case(&a.date, periods);
    let sql = format!(
        "SELECT {case} AS period, {} AS n {} AND {lo} AND {hi} GROUP BY 1",
        a.agg, a.from_where
    );
    let rows: Vec<(Option<String>, i64)> =
        c.query(&sql, &a.params, |r| Ok((r.get("period")?, r.get("n")?)))?;
    Ok(rows
        .into_iter()
        .filter_map(|(p, n)| p.map(|p| (p, n)))
        .collect())
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
    if periods.is_empty() || !m.dimensions().contains(&d) {
        return Ok(Vec::new());
    }
    let a = aggregate(m, i.community_id, i.activity_kind, i.theme_id, now_local);
    let (case, lo, hi) = period_case(&a.date, periods);
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

/// An indicator with its targets and values for each of its periods.
pub fn series(c: &mut Conn, i: Indicator, now_local: &str) -> DbResult<Series> {
    let periods = i.periods();
    let targets = targets(c, i.id)?;
    let mut out: Vec<PeriodFigures> = periods
        .iter()
        .map(|p| PeriodFigures {
            period: p.code(),
            target: targets.get(&p.code()).copied(),
            ..Default::default()
        })
        .collect();
    match i.source {
        Source::Computed => {
            let values = computed(c, &i, &periods, now_local)?;
            for f in &mut out {
                // A computed figure is 0 where nothing was recorded.
                f.value = Some(values.get(&f.period).copied().unwrap_or(0));
            }
            for d in &i.dimensions {
                for (p, cat, n) in computed_by(c, &i, &periods, *d, now_local)? {
                    if let Some(f) = out.iter_mut().find(|f| f.period == p) {
                        f.breakdown.push((*d, cat, n));
                    }
                }
            }
        }
        Source::Entered => {
            let mut values = entered(c, i.id)?;
            for f in &mut out {
                if let Some((v, text, link)) = values.remove(&f.period) {
                    f.value = Some(v);
                    f.evidence_text = text;
                    f.evidence_link = link;
                }
            }
        }
    }
    Ok(Series {
        indicator: i,
        periods: out,
    })
}

/// Every indicator of a community with its figures (the dashboard).
pub fn dashboard(
    c: &mut Conn,
    community: CommunityId,
    public_only: bool,
    now_local: &str,
) -> DbResult<Vec<Series>> {
    let mut out = Vec::new();
    for i in list(c, community, public_only)? {
        out.push(series(c, i, now_local)?);
    }
    Ok(out)
}
