//! What the dashboard shows of one indicator: a small chart drawn as inline SVG, bars for an
//! output and a line for an outcome (no JavaScript; 280 px wide, so that it fits a 360 px
//! phone screen beside nothing, and sits
//! beside its table on a wider one), the table of its numbers, and the chart's text
//! alternative. In the public view, counts of people under the threshold become "< N" and
//! their bars are not drawn (a bar's height would tell the number).

use super::{Dimension, Series};
use crate::i18n::Tr;
use crate::ids::IndicatorId;

pub const WIDTH: i64 = 280;
pub const HEIGHT: i64 = 140;
/// The plot's top and its baseline (the x axis); period labels go under it.
const TOP: i64 = 16;
const AXIS: i64 = 118;
const LEFT: i64 = 4;

#[derive(Clone, Debug)]
pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
    /// The centre, for the labels.
    pub cx: i64,
    pub period: String,
    pub shown: String,
}

/// A target as a short horizontal mark over its period's bar.
#[derive(Clone, Debug)]
pub struct Mark {
    pub x1: i64,
    pub x2: i64,
    pub y: i64,
}

#[derive(Clone, Debug)]
pub struct Chart {
    /// Outcomes are drawn as a line through their values (a trend), outputs as bars.
    pub line: Option<String>,
    pub bars: Vec<Bar>,
    pub targets: Vec<Mark>,
    /// The baseline as a dashed line across the plot, when known and shown.
    pub baseline_y: Option<i64>,
    pub axis_y: i64,
    pub right: i64,
    pub label_y: i64,
}

/// One line of the table.
#[derive(Clone, Debug)]
pub struct TableRow {
    pub period: String,
    pub target: String,
    pub value: String,
    pub breakdown: Vec<String>,
    pub evidence_text: Option<String>,
    pub evidence_link: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Panel {
    pub id: IndicatorId,
    pub code: String,
    pub label: String,
    pub unit_key: String,
    pub level_key: String,
    pub source_key: String,
    pub theme: Option<String>,
    pub baseline: Option<String>,
    pub chart: Chart,
    pub rows: Vec<TableRow>,
    /// The text alternative of the chart (its `<title>`).
    pub summary: String,
    pub has_breakdown: bool,
    pub has_evidence: bool,
}

/// How a figure is written: the language's digits, or "< N" when it must be hidden.
pub struct Shown {
    pub tr: Tr,
    /// `Some(threshold)` in the public view of an indicator counting people.
    pub hide_under: Option<i64>,
}

impl Shown {
    pub fn hidden(&self, n: i64) -> bool {
        self.hide_under.is_some_and(|t| n < t)
    }

    pub fn text(&self, n: i64) -> String {
        match self.hide_under {
            Some(t) if n < t => self.tr.count("indicator-under", t),
            _ => self.tr.num(n),
        }
    }
}

/// A category as readers read it (also the exports' mapping page).
pub fn category_label(tr: &Tr, d: Dimension, cat: &str) -> String {
    if cat.is_empty() {
        return tr.t("indicator-category-unknown").into_owned();
    }
    match d {
        Dimension::Sex => tr.t(&format!("sex-{cat}")).into_owned(),
        Dimension::AgeBand => tr.t(&format!("age-band-{cat}")).into_owned(),
        Dimension::Commune | Dimension::Organisation => cat.to_owned(),
    }
}

/// The baseline as written: "0 au 1er février 2021", its value hidden under the threshold.
pub fn baseline_text(i: &super::Indicator, shown: &Shown) -> Option<String> {
    let tr = &shown.tr;
    i.baseline_value.map(|b| match &i.baseline_on {
        Some(on) => tr.t2(
            "indicator-baseline-on",
            "value",
            shown.text(b),
            "date",
            tr.date(on),
        ),
        None => shown.text(b),
    })
}

/// One period in a chart's text alternative: "2022, 114 (cible 100)".
pub fn period_summary(tr: &Tr, period: &str, value: String, target: Option<i64>) -> String {
    match target {
        Some(t) => tr.t_args(
            "indicator-summary-period-target",
            &[
                ("period", period.to_owned()),
                ("value", value),
                ("target", tr.num(t)),
            ],
        ),
        None => tr.t2(
            "indicator-summary-period",
            "period",
            period.to_owned(),
            "value",
            value,
        ),
    }
}

/// The panel of one indicator; `public` for visitors who are not members of the community.
pub fn panel(s: &Series, tr: Tr, public: bool, threshold: i64) -> Panel {
    let i = &s.indicator;
    let shown = Shown {
        tr,
        hide_under: (public && i.counts_people()).then_some(threshold),
    };
    let label = i.label(&tr).to_owned();
    // The scale: the largest value, target or baseline that is drawn.
    let mut max = 1;
    for f in &s.periods {
        if let Some(v) = f.value.filter(|v| !shown.hidden(*v)) {
            max = max.max(v);
        }
        if let Some(t) = f.target {
            max = max.max(t);
        }
    }
    let baseline = i.baseline_value.filter(|b| !shown.hidden(*b));
    if let Some(b) = baseline {
        max = max.max(b);
    }
    let n = s.periods.len().max(1) as i64;
    let slot = (WIDTH - LEFT * 2) / n;
    let w = (slot * 3 / 5).max(2);
    let y_of = |v: i64| AXIS - (v.min(max) * (AXIS - TOP)) / max;
    let mut bars = Vec::new();
    let mut targets = Vec::new();
    let mut rows = Vec::new();
    let mut parts = Vec::new();
    for (k, f) in s.periods.iter().enumerate() {
        let x = LEFT + k as i64 * slot + (slot - w) / 2;
        let value = f.value.map(|v| shown.text(v));
        let (y, h) = match f.value {
            Some(v) if !shown.hidden(v) => (y_of(v), AXIS - y_of(v)),
            _ => (AXIS, 0),
        };
        bars.push(Bar {
            x,
            y,
            w,
            h,
            cx: x + w / 2,
            period: f.period.clone(),
            shown: value.clone().unwrap_or_default(),
        });
        if let Some(t) = f.target {
            targets.push(Mark {
                x1: x - 2,
                x2: x + w + 2,
                y: y_of(t),
            });
        }
        let target = f.target.map(|t| tr.num(t)).unwrap_or_default();
        let value_text = value
            .clone()
            .unwrap_or_else(|| tr.t("indicator-no-value").into_owned());
        parts.push(period_summary(&tr, &f.period, value_text, f.target));
        rows.push(TableRow {
            period: f.period.clone(),
            target,
            value: value.unwrap_or_default(),
            breakdown: f
                .breakdown
                .iter()
                .map(|(d, cat, n)| {
                    tr.t2(
                        "indicator-breakdown",
                        "category",
                        category_label(&tr, *d, cat),
                        "value",
                        shown.text(*n),
                    )
                })
                .collect(),
            evidence_text: if public {
                None
            } else {
                f.evidence_text.clone()
            },
            evidence_link: if public {
                None
            } else {
                f.evidence_link.clone()
            },
        });
    }
    let baseline_text = baseline_text(i, &shown);
    let summary = tr.t2(
        "indicator-summary",
        "label",
        label.clone(),
        "values",
        parts.join(tr.t("indicator-summary-sep").as_ref()),
    );
    Panel {
        id: i.id,
        code: i.code.clone(),
        label,
        unit_key: i.unit.label_key(),
        level_key: i.level.label_key(),
        source_key: match i.measure {
            Some(m) => m.label_key(),
            None => i.source.label_key(),
        },
        theme: i.theme.clone(),
        baseline: baseline_text,
        has_breakdown: rows.iter().any(|r| !r.breakdown.is_empty()),
        has_evidence: rows
            .iter()
            .any(|r| r.evidence_text.is_some() || r.evidence_link.is_some()),
        rows,
        summary,
        chart: Chart {
            line: (i.level == super::Level::Outcome).then(|| {
                bars.iter()
                    .filter(|b| b.h > 0 || b.shown == "0")
                    .map(|b| format!("{},{}", b.cx, b.y))
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            bars,
            targets,
            baseline_y: baseline.map(y_of),
            axis_y: AXIS,
            right: WIDTH - LEFT,
            label_y: AXIS + 16,
        },
    }
}
