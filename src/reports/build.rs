//! The narrative report written from the records, in the order of the community's own
//! reports: who the community is, its objectives and way of working, its results activity by
//! activity with participant and reach figures, its plans and commitments, then the effects
//! with their indicator values and charts.

use super::Request;
use super::queries::{self as q, HeldActivity, PlanReport};
use crate::community::Community;
use crate::db::{Conn, DbResult};
use crate::directory::queries as dir;
use crate::i18n::Tr;
use crate::indicators::chart::Shown;
use crate::indicators::queries::{self as iq, Scope, Span};
use crate::indicators::{Period, Series};
use crate::print::document::{Bar, BarChart, Block, Document, Table};

/// At most this many activities are told one by one; the others are counted.
pub const MAX_ACTIVITIES: i64 = 300;

fn day(iso: &str) -> &str {
    iso.get(..10).unwrap_or(iso)
}

struct Writer<'a> {
    tr: &'a Tr,
    req: &'a Request,
    doc: Document,
}

impl Writer<'_> {
    fn t(&self, key: &str) -> String {
        self.tr.t(key).into_owned()
    }

    fn push(&mut self, b: Block) {
        self.doc.push(b);
    }

    /// A count of people as the reader may see it: "< 5" in the public version.
    fn people(&self, n: i64) -> String {
        Shown {
            tr: *self.tr,
            hide_under: self.req.public.then_some(self.req.threshold),
        }
        .text(n)
    }

    fn community(&mut self, c: &mut Conn, community: &Community) -> DbResult<()> {
        let tr = self.tr;
        self.push(Block::Heading(self.t("report-community")));
        if !community.description.is_empty() {
            self.push(Block::Paragraph(community.description.clone()));
        }
        let mut facts = vec![tr.t1("community-region", "region", &community.region)];
        if let Some(d) = &community.founded_on {
            facts.push(tr.t1("community-founded", "date", &tr.month_year(d)));
        }
        if let Some(p) = &community.project {
            facts.push(tr.t1("community-project", "project", p));
        }
        let leads = dir::leads(c, community.id)?;
        if !leads.is_empty() {
            let names: Vec<String> = leads
                .iter()
                .map(|o| match &o.acronym {
                    Some(a) => format!("{} ({a})", o.name),
                    None => o.name.clone(),
                })
                .collect();
            facts.push(tr.t1("report-leads", "names", &names.join(", ")));
        }
        if let Some(a) = &community.accompanied_by {
            facts.push(tr.t1("report-accompanied", "name", a));
        }
        self.push(Block::Bullets(facts));
        let objectives: Vec<String> = community
            .objective_list()
            .iter()
            .map(|s| s.to_string())
            .collect();
        if !objectives.is_empty() {
            self.push(Block::Heading(self.t("community-objectives")));
            self.push(Block::Bullets(objectives));
        }
        let ways: Vec<String> = community.way_list().iter().map(|s| s.to_string()).collect();
        if !ways.is_empty() {
            self.push(Block::Heading(self.t("community-ways")));
            self.push(Block::Bullets(ways));
        }
        Ok(())
    }

    fn activity(&mut self, k: usize, a: &HeldActivity, network: bool) {
        let tr = self.tr;
        self.push(Block::Subheading(format!("{}. {}", k + 1, a.title)));
        let mut note = vec![
            tr.date(day(&a.starts_at)),
            tr.t(&a.kind.label_key()).into_owned(),
        ];
        if let Some(p) = &a.place {
            note.push(p.clone());
        }
        if network {
            note.push(a.community.clone());
        }
        self.push(Block::Note(note.join(" · ")));
        let mut lines = Vec::new();
        if a.participants > 0 {
            lines.push(tr.t_args(
                "report-participation",
                &[
                    ("participants", self.people(a.participants)),
                    ("women", self.people(a.women)),
                    ("men", self.people(a.men)),
                    ("organisations", tr.num(a.organisations)),
                ],
            ));
        }
        for (audience, estimated, n) in &a.reach {
            let audience_name = tr.t(&audience.label_key()).into_owned();
            let key = match (
                *audience == crate::activities::ReachAudience::Organisations,
                estimated,
            ) {
                (true, _) => "report-organisations-sensitised",
                (false, true) => "report-reached-estimated",
                (false, false) => "report-reached-counted",
            };
            let shown = if *audience == crate::activities::ReachAudience::Organisations {
                tr.num(*n)
            } else {
                self.people(*n)
            };
            lines.push(tr.t2(key, "n", shown, "audience", audience_name));
        }
        if !self.req.public {
            for d in &a.decisions {
                lines.push(tr.t1("report-decision", "text", d));
            }
        }
        if lines.is_empty() {
            lines.push(self.t("report-no-figures"));
        }
        self.push(Block::Bullets(lines));
    }

    fn plan(&mut self, p: &PlanReport, network: bool) {
        let tr = self.tr;
        let title = if network {
            format!("{} · {}", p.title, p.community)
        } else {
            p.title.clone()
        };
        self.push(Block::Subheading(title));
        self.push(Block::Note(format!(
            "{} · {}",
            tr.t(&p.kind.label_key()),
            tr.t2(
                "report-from-to",
                "from",
                tr.date(&p.starts_on),
                "to",
                tr.date(&p.ends_on)
            )
        )));
        let done = p
            .actions
            .iter()
            .filter(|a| a.status == crate::plans::ActionStatus::Done)
            .count();
        let mean = if p.actions.is_empty() {
            0
        } else {
            p.actions.iter().map(|a| a.progress).sum::<i64>() / p.actions.len() as i64
        };
        self.push(Block::Paragraph(tr.t_args(
            "report-plan-progress",
            &[
                ("done", tr.num(done as i64)),
                ("actions", tr.num(p.actions.len() as i64)),
                ("progress", tr.num(mean)),
            ],
        )));
        if !p.actions.is_empty() {
            self.push(Block::Table(Table {
                header: vec![
                    self.t("report-col-action"),
                    self.t("report-col-organisation"),
                    self.t("report-col-due"),
                    self.t("report-col-status"),
                    self.t("report-col-progress"),
                ],
                rows: p
                    .actions
                    .iter()
                    .map(|a| {
                        vec![
                            a.title.clone(),
                            a.organisation.clone(),
                            tr.date(&a.due_on),
                            tr.t(&a.status.label_key()).into_owned(),
                            tr.t1("headline-percent", "value", &tr.num(a.progress)),
                        ]
                    })
                    .collect(),
                widths: vec![36, 15, 16, 17, 13],
            }));
        }
    }

    fn indicator(&mut self, s: &NamedSeries, span_from: &str, span_to: &str, network: bool) {
        let tr = self.tr;
        let i = &s.series.indicator;
        let shown = Shown {
            tr: *tr,
            hide_under: (self.req.public && i.counts_people()).then_some(self.req.threshold),
        };
        // The periods that overlap the report's.
        let periods: Vec<_> = s
            .series
            .periods
            .iter()
            .filter(|f| {
                Period::parse(&f.period)
                    .is_some_and(|p| p.start().as_str() < span_to && p.end().as_str() > span_from)
            })
            .collect();
        if periods.is_empty() {
            return;
        }
        self.push(Block::Subheading(format!("{} · {}", i.code, i.label(tr))));
        let mut note = vec![
            tr.t(&i.level.label_key()).into_owned(),
            tr.t(&i.unit.label_key()).into_owned(),
            match i.measure {
                Some(m) => tr.t(&m.label_key()).into_owned(),
                None => tr.t(&i.source.label_key()).into_owned(),
            },
        ];
        if network {
            note.push(s.community.clone());
        }
        self.push(Block::Note(note.join(" · ")));
        if let Some(text) = crate::indicators::chart::baseline_text(i, &shown) {
            self.push(Block::Paragraph(tr.t1(
                "indicator-baseline-line",
                "value",
                &text,
            )));
        }
        let bars: Vec<Bar> = periods
            .iter()
            .map(|f| Bar {
                label: f.period.clone(),
                value: f.value.filter(|v| !shown.hidden(*v)),
                shown: f.value.map(|v| shown.text(v)).unwrap_or_default(),
                target: f.target,
            })
            .collect();
        let parts: Vec<String> = periods
            .iter()
            .map(|f| {
                let value = f
                    .value
                    .map(|v| shown.text(v))
                    .unwrap_or_else(|| self.t("indicator-no-value"));
                crate::indicators::chart::period_summary(tr, &f.period, value, f.target)
            })
            .collect();
        let summary = tr.t2(
            "indicator-summary",
            "label",
            i.label(tr).to_owned(),
            "values",
            parts.join(tr.t("indicator-summary-sep").as_ref()),
        );
        self.push(Block::Chart(BarChart {
            bars,
            baseline: i.baseline_value.filter(|b| !shown.hidden(*b)),
            summary,
        }));
        let with_evidence = !self.req.public && periods.iter().any(|f| f.evidence_text.is_some());
        let mut header = vec![
            self.t("indicator-period"),
            self.t("indicator-target"),
            self.t("indicator-value"),
        ];
        let mut widths = vec![14, 14, 14];
        if with_evidence {
            header.push(self.t("indicator-evidence"));
            widths.push(50);
        }
        let rows = periods
            .iter()
            .map(|f| {
                let mut row = vec![
                    f.period.clone(),
                    f.target.map(|t| tr.num(t)).unwrap_or_default(),
                    f.value.map(|v| shown.text(v)).unwrap_or_default(),
                ];
                if with_evidence {
                    row.push(f.evidence_text.clone().unwrap_or_default());
                }
                row
            })
            .collect();
        self.push(Block::Table(Table {
            header,
            rows,
            widths,
        }));
    }
}

/// A series with the name of its community, for network reports.
pub struct NamedSeries {
    pub community: String,
    pub series: Series,
}

/// Writes the report: `community` is `None` for the network's.
pub fn report(c: &mut Conn, req: &Request, community: Option<&Community>) -> DbResult<Document> {
    let tr = Tr::new(req.locale);
    let now = crate::clock::now_local();
    let scope = match community {
        Some(k) => Scope::Community(k.id),
        None => Scope::Network,
    };
    let network = community.is_none();
    let span = Span::days(req.from, req.to);
    let from = crate::clock::iso(req.from);
    let to_excl = crate::clock::iso(req.to.next_day().unwrap_or(req.to));
    let name = match community {
        Some(k) => k.name.clone(),
        None => tr.t("report-network-name").into_owned(),
    };
    let mut w = Writer {
        tr: &tr,
        req,
        doc: Document {
            title: tr.t1("report-title", "name", &name),
            lang: req.locale.code().to_owned(),
            blocks: Vec::new(),
            page_label: tr.t2(
                "pager-position",
                "page",
                "{page}".into(),
                "pages",
                "{pages}".into(),
            ),
        },
    };
    w.push(Block::Title(w.doc.title.clone()));
    w.push(Block::Subtitle(tr.t2(
        "report-period",
        "from",
        tr.date(&from),
        "to",
        tr.date(&crate::clock::iso(req.to)),
    )));
    w.push(Block::Note(tr.t1(
        if req.public {
            "report-made-public"
        } else {
            "report-made"
        },
        "date",
        &tr.date(&crate::clock::iso(crate::clock::today())),
    )));
    // The communities covered: read once, for the network's list and for the effects.
    let communities: Vec<(crate::ids::CommunityId, String)> = match community {
        Some(k) => vec![(k.id, k.name.clone())],
        None => q::communities(c, req.public)?,
    };
    match community {
        Some(k) => w.community(c, k)?,
        None => {
            w.push(Block::Heading(w.t("report-network-communities")));
            let names = communities.iter().map(|(_, n)| n.clone()).collect();
            w.push(Block::Bullets(names));
        }
    }
    // Results in brief.
    let headline = iq::headline::headline(c, scope, &span, req.public, &now)?;
    w.push(Block::Heading(w.t("report-headline")));
    let figures = headline
        .figures(&tr, req.public.then_some(req.threshold))
        .into_iter()
        .map(|f| format!("{} {}", f.value, f.label))
        .collect();
    w.push(Block::Bullets(figures));
    // Activity by activity.
    w.push(Block::Heading(w.t("report-activities")));
    let (total, held) = q::activities(c, scope, &from, &to_excl, req.public, &now, MAX_ACTIVITIES)?;
    if held.is_empty() {
        w.push(Block::Paragraph(w.t("report-no-activities")));
    }
    for (k, a) in held.iter().enumerate() {
        w.activity(k, a, network);
    }
    if total > held.len() as i64 {
        w.push(Block::Paragraph(
            tr.count("report-more-activities", total - held.len() as i64),
        ));
    }
    // Plans and commitments.
    let plans = q::plans(c, scope, req.public)?;
    let commitments = if req.public {
        Vec::new()
    } else {
        q::commitments(c, scope)?
    };
    if !plans.is_empty() || !commitments.is_empty() {
        w.push(Block::Heading(w.t("report-plans")));
        for p in &plans {
            w.plan(p, network);
        }
        if !commitments.is_empty() {
            w.push(Block::Subheading(w.t("report-commitments")));
            let rows = commitments
                .iter()
                .map(|k| {
                    let who = match (&k.organisation, network) {
                        (Some(o), true) => format!("{o} · {}", k.community),
                        (Some(o), false) => o.clone(),
                        (None, _) => k.community.clone(),
                    };
                    vec![
                        k.pledge.clone(),
                        who,
                        tr.date(&k.due_on),
                        k.kept
                            .map(|x| tr.t(&x.label_key()).into_owned())
                            .unwrap_or_else(|| tr.t("report-not-assessed").into_owned()),
                    ]
                })
                .collect();
            w.push(Block::Table(Table {
                header: vec![
                    w.t("report-col-commitment"),
                    w.t("report-col-organisation"),
                    w.t("report-col-due"),
                    w.t("report-col-kept"),
                ],
                rows,
                widths: vec![46, 22, 16, 16],
            }));
        }
    }
    // The effects: every indicator over the report's periods.
    let mut series = Vec::new();
    for (id, name) in communities {
        for s in iq::dashboard(c, id, req.public, &now)? {
            series.push(NamedSeries {
                community: name.clone(),
                series: s,
            });
        }
    }
    if !series.is_empty() {
        w.push(Block::Heading(w.t("report-effects")));
        for s in &series {
            w.indicator(s, &from, &to_excl, network);
        }
    }
    Ok(w.doc)
}
