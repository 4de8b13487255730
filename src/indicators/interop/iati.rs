//! The IATI 2.03 activity file of a community: one `iati-activity` (the community's
//! programme) whose `result`s are its indicators, each with its baseline and, per period,
//! its target and actual value, disaggregated by `dimension`. The elements follow the order
//! of the schema's sequences (`iati-activities-schema.xsd`); the tests validate the file
//! against the schema with `xmllint`.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::{Exported, last_day};
use crate::indicators::{Level, Unit};

/// What the activity says about itself.
pub struct Activity<'a> {
    pub identifier: &'a str,
    pub reporting_org: &'a str,
    /// The reporting organisation's name (fr).
    pub reporter_name: &'a str,
    pub title_fr: &'a str,
    pub title_en: &'a str,
    pub description_fr: &'a str,
    pub description_en: &'a str,
    /// The community, which carries out the activity.
    pub implementer: &'a str,
    /// ISO date of the actual start.
    pub started_on: &'a str,
    /// `xsd:dateTime` of this file.
    pub generated: &'a str,
}

/// Drops what XML 1.0 cannot carry (control characters other than tab and line breaks).
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r') || (*c >= ' ' && *c != '\u{fffe}' && *c != '\u{ffff}')
        })
        .collect()
}

struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn tag(&mut self, name: &str, attrs: &[(&str, &str)], close: bool) {
        for _ in 0..self.depth {
            self.out.push(' ');
        }
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            let _ = write!(self.out, " {k}=\"{}\"", escape(clean(v)));
        }
        self.out.push_str(if close { "/>\n" } else { ">\n" });
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs, false);
        self.depth += 1;
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs, true);
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        for _ in 0..self.depth {
            self.out.push(' ');
        }
        let _ = writeln!(self.out, "</{name}>");
    }

    /// `<narrative>` in the activity's language (French), then in other languages.
    fn narratives(&mut self, parent: &str, attrs: &[(&str, &str)], texts: &[(&str, &str)]) {
        self.open(parent, attrs);
        let mut seen = Vec::new();
        for (lang, text) in texts {
            let text = clean(text.trim());
            if text.is_empty() || seen.contains(&(*lang, text.clone())) {
                continue;
            }
            for _ in 0..self.depth {
                self.out.push(' ');
            }
            if lang.is_empty() {
                let _ = writeln!(self.out, "<narrative>{}</narrative>", escape(&text));
            } else {
                let _ = writeln!(
                    self.out,
                    "<narrative xml:lang=\"{lang}\">{}</narrative>",
                    escape(&text)
                );
            }
            seen.push((*lang, text));
        }
        self.close(parent);
    }
}

/// The result type: 1 output, 2 outcome.
fn result_type(l: Level) -> &'static str {
    match l {
        Level::Output => "1",
        Level::Outcome => "2",
    }
}

/// The indicator measure: 1 unit, 2 percentage.
fn measure(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "2",
        _ => "1",
    }
}

/// The whole file.
pub fn document(a: &Activity, indicators: &[Exported]) -> String {
    let mut x = Xml {
        out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        depth: 0,
    };
    x.open(
        "iati-activities",
        &[("version", "2.03"), ("generated-datetime", a.generated)],
    );
    x.open(
        "iati-activity",
        &[
            ("last-updated-datetime", a.generated),
            ("xml:lang", "fr"),
            ("default-currency", "XOF"),
            ("hierarchy", "1"),
        ],
    );
    for _ in 0..x.depth {
        x.out.push(' ');
    }
    let _ = writeln!(
        x.out,
        "<iati-identifier>{}</iati-identifier>",
        escape(clean(a.identifier))
    );
    // 22: national NGO.
    x.narratives(
        "reporting-org",
        &[("ref", a.reporting_org), ("type", "22")],
        &[("", a.reporter_name)],
    );
    x.narratives("title", &[], &[("", a.title_fr), ("en", a.title_en)]);
    // 1: general description.
    x.narratives(
        "description",
        &[("type", "1")],
        &[("", a.description_fr), ("en", a.description_en)],
    );
    // 4: implementing.
    x.narratives(
        "participating-org",
        &[("role", "4"), ("type", "22")],
        &[("", a.implementer)],
    );
    // 2: implementation.
    x.empty("activity-status", &[("code", "2")]);
    // 2: actual start.
    x.empty(
        "activity-date",
        &[("type", "2"), ("iso-date", a.started_on)],
    );
    x.empty(
        "recipient-country",
        &[("code", "ML"), ("percentage", "100")],
    );
    for e in indicators {
        result(&mut x, e);
    }
    x.close("iati-activity");
    x.close("iati-activities");
    x.out
}

fn result(x: &mut Xml, e: &Exported) {
    let i = &e.series.indicator;
    let mut titles = vec![("", i.label_fr.as_str()), ("en", i.label_en.as_str())];
    if let Some(bm) = &i.label_bm {
        titles.push(("bm", bm.as_str()));
    }
    x.open("result", &[("type", result_type(i.level))]);
    x.narratives("title", &[], &titles);
    x.open("indicator", &[("measure", measure(i.unit))]);
    x.narratives("title", &[], &titles);
    // 99: the reporting organisation's own vocabulary, its indicator code.
    x.empty("reference", &[("vocabulary", "99"), ("code", &i.code)]);
    if let Some(b) = e.baseline {
        let year = i
            .baseline_on
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or(i.first_period.year)
            .to_string();
        let value = b.to_string();
        let mut attrs = vec![("year", year.as_str())];
        if let Some(on) = &i.baseline_on {
            attrs.push(("iso-date", on.as_str()));
        }
        attrs.push(("value", value.as_str()));
        x.empty("baseline", &attrs);
    }
    for f in &e.periods {
        if f.target.is_none() && f.value.is_none() && f.breakdown.is_empty() {
            continue;
        }
        x.open("period", &[]);
        x.empty("period-start", &[("iso-date", &f.period.start())]);
        x.empty("period-end", &[("iso-date", &last_day(&f.period))]);
        if let Some(t) = f.target {
            x.empty("target", &[("value", &t.to_string())]);
        }
        if let Some(v) = f.value {
            x.empty("actual", &[("value", &v.to_string())]);
        }
        for (d, cat, n) in &f.breakdown {
            // A category nobody recorded has no name to give.
            if cat.is_empty() {
                continue;
            }
            x.open("actual", &[("value", &n.to_string())]);
            x.empty("dimension", &[("name", d.code()), ("value", cat)]);
            x.close("actual");
        }
        x.close("period");
    }
    x.close("indicator");
    x.close("result");
}
