//! Interoperability: a community's indicator values in the formats that national and donor
//! systems take in. DHIS2 gets a `dataValueSets` JSON document (`dhis2.rs`), named through the
//! mapping a coordinator keeps in Kafo (`mapping.rs`, edited on `/c/{slug}/resultats/dhis2`);
//! IATI gets a 2.03 activity file with one `result` per indicator (`iati.rs`). Both take their
//! figures from `queries::series` and obey the dashboard's visibility rules: members get every
//! indicator, anyone else the public ones, with counts of people under the public threshold
//! left out (a number field cannot say "< 5").

pub mod dhis2;
pub mod iati;
pub mod mapping;
pub mod routes;

pub use routes::router;

use super::{Dimension, Period, Series};

/// A DHIS2 UID: 11 characters, a letter then letters or digits (DHIS2's `CodeGenerator`).
pub fn is_uid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11 && b[0].is_ascii_alphabetic() && b.iter().all(u8::is_ascii_alphanumeric)
}

/// An IATI identifier: 3 to 100 characters, a letter first, then letters, digits, `-`, `.`
/// or `_` (the standard forbids spaces and `/ & | ?`).
pub fn is_iati_identifier(s: &str) -> bool {
    let b = s.as_bytes();
    (3..=100).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
}

/// The reporting organisation of a community that has set none: `ML-KAFO-SEGOU`.
pub fn default_reporting_org(slug: &str) -> String {
    format!("ML-KAFO-{}", identifier_part(slug))
}

/// The activity identifier of a community that has set none: the reporting organisation's,
/// then `-CDP` (IATI wants an activity's identifier to begin with its reporter's).
pub fn default_activity(reporting_org: &str) -> String {
    format!("{reporting_org}-CDP")
}

fn identifier_part(slug: &str) -> String {
    slug.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// DHIS2's period code: yearly "2026", six-monthly "2026S1" / "2026S2".
pub fn dhis2_period(p: &Period) -> String {
    match p.half {
        None => p.year.to_string(),
        Some(h) => format!("{}S{h}", p.year),
    }
}

/// The last day of a period, as ISO text (IATI's `period-end` is inclusive).
pub fn last_day(p: &Period) -> String {
    match p.half {
        Some(1) => format!("{:04}-06-30", p.year),
        _ => format!("{:04}-12-31", p.year),
    }
}

/// The years an export covers (`?from=2022&to=2026`), both included; `None` is open.
#[derive(Clone, Copy, Debug, Default)]
pub struct Years {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl Years {
    /// Reads `from` and `to`: empty or a four-digit year each; `None` when either is bad or
    /// `to` precedes `from`.
    pub fn parse(from: &str, to: &str) -> Option<Years> {
        fn year(s: &str) -> Option<Option<i32>> {
            let s = s.trim();
            if s.is_empty() {
                return Some(None);
            }
            Period::parse(s)
                .filter(|p| p.half.is_none())
                .map(|p| Some(p.year))
        }
        let y = Years {
            from: year(from)?,
            to: year(to)?,
        };
        match (y.from, y.to) {
            (Some(f), Some(t)) if t < f => None,
            _ => Some(y),
        }
    }

    pub fn covers(&self, p: &Period) -> bool {
        self.from.is_none_or(|f| p.year >= f) && self.to.is_none_or(|t| p.year <= t)
    }
}

/// One period of an indicator as exported: only what the reader may receive.
#[derive(Clone, Debug)]
pub struct Figures {
    pub period: Period,
    pub target: Option<i64>,
    pub value: Option<i64>,
    /// Members only: the evidence of an entered value.
    pub evidence: Option<String>,
    pub breakdown: Vec<(Dimension, String, i64)>,
}

/// An indicator as exported.
#[derive(Clone, Debug)]
pub struct Exported {
    pub series: Series,
    pub baseline: Option<i64>,
    pub periods: Vec<Figures>,
}

/// What an export leaves out, said to the reader (response headers, the mapping page).
#[derive(Clone, Debug, Default)]
pub struct Withheld {
    /// Figures under the public threshold, left out.
    pub under_threshold: usize,
}

/// Turns the dashboard's series into what one reader may receive: the periods within
/// `years`, no value for a period not yet begun (a computed 0 there says nothing), and, in
/// the public view (`hide_under` is the threshold), no count of people under the threshold
/// (value, breakdown or baseline) and no evidence.
pub fn exportable(
    all: Vec<Series>,
    years: Years,
    today: &str,
    hide_under: Option<i64>,
) -> (Vec<Exported>, Withheld) {
    let mut withheld = Withheld::default();
    let mut out = Vec::new();
    for s in all {
        let hide = hide_under.filter(|_| s.indicator.counts_people());
        let mut keep = |n: i64| {
            let hidden = hide.is_some_and(|t| n < t);
            if hidden {
                withheld.under_threshold += 1;
            }
            !hidden
        };
        let baseline = s.indicator.baseline_value.filter(|b| keep(*b));
        let mut periods = Vec::new();
        for f in &s.periods {
            let Some(period) = Period::parse(&f.period) else {
                continue;
            };
            if !years.covers(&period) {
                continue;
            }
            let begun = period.start().as_str() <= today;
            let value = f.value.filter(|_| begun).filter(|v| keep(*v));
            let breakdown = if begun {
                f.breakdown
                    .iter()
                    .filter(|(_, _, n)| keep(*n))
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
            let evidence = if hide_under.is_some() {
                None
            } else {
                match (&f.evidence_text, &f.evidence_link) {
                    (Some(t), Some(l)) => Some(format!("{t} {l}")),
                    (Some(t), None) => Some(t.clone()),
                    (None, Some(l)) => Some(l.clone()),
                    (None, None) => None,
                }
            };
            periods.push(Figures {
                period,
                target: f.target,
                value,
                evidence,
                breakdown,
            });
        }
        out.push(Exported {
            series: s,
            baseline,
            periods,
        });
    }
    (out, withheld)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_and_identifiers() {
        assert!(is_uid("fbfJHSPpUQD"));
        assert!(is_uid("a1234567890"));
        assert!(!is_uid("1bfJHSPpUQD"), "a digit first");
        assert!(!is_uid("fbfJHSPpUQ"), "10 characters");
        assert!(!is_uid("fbfJHSPpUQDx"), "12 characters");
        assert!(!is_uid("fbfJHSP-UQD"));
        assert!(!is_uid("fbfJHSPpUQé"));
        assert!(is_iati_identifier("ML-RCCM-2009-B-123-ACT1"));
        assert!(!is_iati_identifier("ML RCCM"));
        assert!(!is_iati_identifier("ML/RCCM"));
        assert_eq!(default_reporting_org("segou"), "ML-KAFO-SEGOU");
        assert_eq!(
            default_activity(&default_reporting_org("san-2")),
            "ML-KAFO-SAN-2-CDP"
        );
    }

    #[test]
    fn period_codes_and_years() {
        let p = |s| Period::parse(s).expect("period");
        assert_eq!(dhis2_period(&p("2026")), "2026");
        assert_eq!(dhis2_period(&p("2026-S1")), "2026S1");
        assert_eq!(dhis2_period(&p("2026-S2")), "2026S2");
        assert_eq!(last_day(&p("2026-S1")), "2026-06-30");
        assert_eq!(last_day(&p("2026-S2")), "2026-12-31");
        assert_eq!(last_day(&p("2026")), "2026-12-31");
        let y = Years::parse("2022", "2023").expect("years");
        assert!(y.covers(&p("2022-S2")) && y.covers(&p("2023")) && !y.covers(&p("2024")));
        assert!(Years::parse("", "").is_some_and(|y| y.covers(&p("1999"))));
        assert!(Years::parse("2024", "2023").is_none());
        assert!(Years::parse("2024-S1", "").is_none());
        assert!(Years::parse("deux mille", "").is_none());
    }
}
