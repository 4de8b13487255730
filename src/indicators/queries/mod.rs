//! Every SQL statement of indicators: definitions, targets and entered values here; the
//! computed measures in `measures.rs`, the headline figures in `headline.rs`.

pub mod headline;
pub mod measures;

use std::collections::HashMap;

pub use measures::{Narrowing, Scope, Span, computed, computed_by};

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
    /// Its breakdown: (dimension, category, value).
    pub parts: Vec<(Dimension, String, i64)>,
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
    // The breakdown is replaced with the value.
    c.execute(
        "DELETE FROM indicator_value_parts WHERE indicator_id = $1 AND period = $2",
        params![id, v.period.code()],
    )?;
    insert_parts(c, id, &v.period.code(), &v.parts)?;
    c.execute(
        "UPDATE indicators SET updated_at = $1 WHERE id = $2",
        params![now, id],
    )?;
    Ok(())
}

/// Rows of a breakdown, 200 to a statement.
pub fn insert_parts(
    c: &mut Conn,
    id: IndicatorId,
    period: &str,
    parts: &[(Dimension, String, i64)],
) -> DbResult<()> {
    for chunk in parts.chunks(200) {
        let mut sql = String::from(
            "INSERT INTO indicator_value_parts (indicator_id, period, dimension, category, value) VALUES ",
        );
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 5);
        for (k, (d, category, n)) in chunk.iter().enumerate() {
            if k > 0 {
                sql.push_str(", ");
            }
            let b = k * 5;
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5
            ));
            values.extend([
                id.into(),
                period.into(),
                (*d).into(),
                category.as_str().into(),
                (*n).into(),
            ]);
        }
        c.execute(&sql, &values)?;
    }
    Ok(())
}

fn parts(c: &mut Conn, id: IndicatorId) -> DbResult<Vec<(String, Dimension, String, i64)>> {
    c.query(
        "SELECT period, dimension, category, value FROM indicator_value_parts
         WHERE indicator_id = $1 ORDER BY period, dimension, value DESC, category",
        params![id],
        |r| {
            Ok((
                r.get("period")?,
                r.get("dimension")?,
                r.get("category")?,
                r.get("value")?,
            ))
        },
    )
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
            for (p, d, cat, n) in parts(c, i.id)? {
                if let Some(f) = out.iter_mut().find(|f| f.period == p) {
                    f.breakdown.push((d, cat, n));
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
