//! The benchmark's results frameworks (`kafo demo --synthetic`): per community, three
//! computed indicators and `entered` indicators over twenty half-years (2017-S1 to 2026-S2),
//! each value broken down by commune into `communes` parts. The large set (50 communities,
//! 20 entered indicators, 50 communes) holds 1,000,000 parts beside its 20,000 values.

use super::queries::{self as q, EnteredValue, IndicatorFields};
use super::{Dimension, Level, Measure, Period, Source, Unit};
use crate::db::Conn;
use crate::error::AppResult;
use crate::ids::CommunityId;

#[derive(Clone, Copy, Debug)]
pub struct IndicatorScale {
    pub entered: usize,
    pub communes: usize,
}

const FIRST: Period = Period {
    year: 2017,
    half: Some(1),
};
const LAST: Period = Period {
    year: 2026,
    half: Some(2),
};

const SUBJECTS: &[&str] = &[
    "Conventions d’abandon signées",
    "Villages engagés",
    "Activités génératrices de revenus",
    "Femmes engagées",
    "Filles maintenues à l’école",
    "Cas référés aux services",
    "Émissions radio diffusées",
    "Leaders religieux sensibilisés",
];

fn fields(
    code: String,
    label: String,
    source: Source,
    measure: Option<Measure>,
) -> IndicatorFields {
    IndicatorFields {
        code,
        label_en: label.clone(),
        label_fr: label,
        label_bm: None,
        unit: measure.map(Measure::unit).unwrap_or(Unit::People),
        level: if source == Source::Entered {
            Level::Outcome
        } else {
            Level::Output
        },
        theme_id: None,
        first_period: FIRST,
        last_period: LAST,
        baseline_value: Some(0),
        baseline_on: Some("2016-12-31".to_owned()),
        source,
        measure,
        activity_kind: None,
        evidence_required: false,
        is_public: true,
        dimensions: if source == Source::Entered {
            vec![Dimension::Commune]
        } else {
            vec![Dimension::Sex]
        },
        targets: vec![(LAST, 1_000)],
    }
}

pub fn insert(
    c: &mut Conn,
    rng: &mut fastrand::Rng,
    scale: IndicatorScale,
    community_ids: &[CommunityId],
    now: i64,
) -> AppResult<()> {
    let periods = Period::range(FIRST, LAST, super::MAX_PERIODS);
    let communes: Vec<String> = (0..scale.communes)
        .map(|k| format!("Commune synthétique {:02}", k + 1))
        .collect();
    for cid in community_ids {
        for (k, m) in [
            Measure::Participants,
            Measure::ReachedEstimated,
            Measure::ActivitiesHeld,
        ]
        .into_iter()
        .enumerate()
        {
            let f = fields(
                format!("C{}", k + 1),
                format!("Indicateur calculé {}", k + 1),
                Source::Computed,
                Some(m),
            );
            q::create(c, *cid, &f, None, now)?;
        }
        for k in 0..scale.entered {
            let label = format!("{} ({})", SUBJECTS[k % SUBJECTS.len()], k + 1);
            let f = fields(format!("E{:02}", k + 1), label, Source::Entered, None);
            let Some(id) = q::create(c, *cid, &f, None, now)? else {
                continue;
            };
            for p in &periods {
                let parts: Vec<(Dimension, String, i64)> = communes
                    .iter()
                    .map(|name| (Dimension::Commune, name.clone(), rng.i64(0..40)))
                    .collect();
                let value = parts.iter().map(|(_, _, n)| n).sum::<i64>() + rng.i64(0..10);
                q::enter_value(
                    c,
                    id,
                    &EnteredValue {
                        period: *p,
                        value,
                        evidence_text: Some("Valeur synthétique du banc d’essai.".to_owned()),
                        evidence_link: None,
                        parts,
                    },
                    None,
                    now,
                )?;
            }
        }
    }
    Ok(())
}
