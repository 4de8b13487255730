//! Headline results: the few totals a donor looks for first (participants by sex, people
//! reached, organisations sensitised, plans' progress), for a community's public page, the
//! network's dashboard and the report. In public, counts of people under the threshold are
//! written "< N".

use crate::activities::ReachAudience;
use crate::i18n::Tr;

/// Adopted plans' actions and how far they are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlansProgress {
    pub plans: i64,
    pub actions: i64,
    pub done: i64,
    /// The mean of the actions' progress, in percent.
    pub mean_progress: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headline {
    pub activities: i64,
    pub participants: i64,
    pub women: i64,
    pub men: i64,
    pub organisations_represented: i64,
    pub reached_counted: i64,
    pub reached_estimated: i64,
    pub organisations_sensitised: i64,
    /// `(audience, estimated, people)`, the largest first.
    pub reach: Vec<(ReachAudience, bool, i64)>,
    pub plans: PlansProgress,
}

/// One headline figure as shown: the figure, then what it counts.
#[derive(Clone, Debug)]
pub struct Figure {
    pub value: String,
    pub label: String,
}

impl Headline {
    pub fn is_empty(&self) -> bool {
        self.activities == 0 && self.plans.plans == 0
    }

    /// The figures in reading order; `hide_under`: the public threshold, if any.
    pub fn figures(&self, tr: &Tr, hide_under: Option<i64>) -> Vec<Figure> {
        let people = |n: i64| match hide_under {
            Some(t) if n < t => tr.count("indicator-under", t),
            _ => tr.num(n),
        };
        let mut out = vec![
            Figure {
                value: tr.num(self.activities),
                label: tr.count("headline-activities", self.activities),
            },
            Figure {
                value: people(self.participants),
                label: tr.t2(
                    "headline-participants",
                    "women",
                    people(self.women),
                    "men",
                    people(self.men),
                ),
            },
        ];
        for (audience, estimated, n) in &self.reach {
            if *audience == ReachAudience::Organisations {
                continue;
            }
            let key = if *estimated {
                "headline-reached-estimated"
            } else {
                "headline-reached-counted"
            };
            out.push(Figure {
                value: people(*n),
                label: tr.t1(key, "audience", &tr.t(&audience.label_key())),
            });
        }
        if self.organisations_sensitised > 0 {
            out.push(Figure {
                value: tr.num(self.organisations_sensitised),
                label: tr.count(
                    "headline-organisations-sensitised",
                    self.organisations_sensitised,
                ),
            });
        }
        if self.plans.actions > 0 {
            out.push(Figure {
                value: tr.t1(
                    "headline-percent",
                    "value",
                    &tr.num(self.plans.mean_progress),
                ),
                label: tr.t2(
                    "headline-plans",
                    "done",
                    tr.num(self.plans.done),
                    "actions",
                    tr.num(self.plans.actions),
                ),
            });
        }
        out
    }
}
