//! The demo's results framework for Ségou: the source report's five results as indicators
//! computed from the demo's activities (participants of the three consultation frameworks,
//! the reach of the two art walls, the exchange visit, proposals, plans and coaching), and its
//! effects as indicators entered per year with (fictional but plausible) evidence.

use super::queries::{self as q, EnteredValue, IndicatorFields};
use super::{Dimension, Level, Measure, Period, Source, Unit};
use crate::activities::ActivityKind;
use crate::db::{Conn, DbResult};
use crate::ids::{CommunityId, ThemeId, UserId};
use crate::params;

fn year(y: i32) -> Period {
    Period {
        year: y,
        half: None,
    }
}

fn theme(c: &mut Conn, slug: &str) -> DbResult<Option<ThemeId>> {
    c.query_opt(
        "SELECT id FROM themes WHERE slug = $1",
        params![slug],
        |r| r.get("id"),
    )
}

/// A yearly indicator of 2021 (the community's start) to 2026.
fn base(code: &str, fr: &str, en: &str, unit: Unit, level: Level) -> IndicatorFields {
    IndicatorFields {
        code: code.into(),
        label_fr: fr.into(),
        label_en: en.into(),
        label_bm: None,
        unit,
        level,
        theme_id: None,
        first_period: year(2021),
        last_period: year(2026),
        baseline_value: Some(0),
        baseline_on: Some("2021-02-01".into()),
        source: Source::Computed,
        measure: None,
        activity_kind: None,
        evidence_required: false,
        is_public: true,
        dimensions: Vec::new(),
        targets: Vec::new(),
    }
}

fn computed(mut f: IndicatorFields, m: Measure, kind: Option<ActivityKind>) -> IndicatorFields {
    f.measure = Some(m);
    f.activity_kind = kind;
    f
}

fn entered(mut f: IndicatorFields) -> IndicatorFields {
    f.source = Source::Entered;
    f.evidence_required = true;
    f
}

/// A year's entered value and its evidence.
type Yearly = (i32, i64, &'static str);

pub fn insert(c: &mut Conn, now: i64) -> DbResult<()> {
    let segou: CommunityId = c.scalar(
        "SELECT id FROM communities WHERE slug = $1",
        params!["segou"],
    )?;
    let by: Option<UserId> = c.query_opt(
        "SELECT id FROM users WHERE email = $1",
        params!["coordination.segou@kafo.test"],
        |r| r.get("id"),
    )?;
    let consultation = Some(ActivityKind::Consultation);
    let mut all = Vec::new();

    // Result 1 to 3: the consultation frameworks, all together (by sex and organisation)
    // and one by one (each framework is the only consultation of its theme).
    let mut total = computed(
        base(
            "R1-3",
            "Participants aux cadres de concertation",
            "Participants in the consultation frameworks",
            Unit::People,
            Level::Output,
        ),
        Measure::Participants,
        consultation,
    );
    total.dimensions = vec![Dimension::Sex, Dimension::Organisation];
    total.targets = vec![(year(2022), 100), (year(2026), 120)];
    all.push(total);
    let mut women = computed(
        base(
            "R1-3F",
            "Participantes (femmes) aux cadres de concertation",
            "Women participants in the consultation frameworks",
            Unit::People,
            Level::Output,
        ),
        Measure::WomenParticipants,
        consultation,
    );
    women.targets = vec![(year(2022), 70)];
    all.push(women);
    for (code, fr, en, slug) in [
        (
            "R1",
            "Participants au cadre de concertation sur le mariage d’enfants",
            "Participants in the consultation framework on child marriage",
            "mariage-d-enfants",
        ),
        (
            "R2",
            "Participants au cadre de concertation sur la participation et la représentativité des femmes",
            "Participants in the consultation framework on women's participation and representation",
            "autonomisation-economique",
        ),
        (
            "R3",
            "Participants au cadre de concertation sur l’application de la loi 052",
            "Participants in the consultation framework on applying law 052",
            "loi-052",
        ),
    ] {
        let mut f = computed(
            base(code, fr, en, Unit::People, Level::Output),
            Measure::Participants,
            consultation,
        );
        f.theme_id = theme(c, slug)?;
        all.push(f);
    }

    // Result 4: the two art walls.
    let campaign = Some(ActivityKind::AwarenessCampaign);
    let mut orgs = computed(
        base(
            "R4-ORG",
            "Organisations sensibilisées sur les violences faites aux femmes et aux filles",
            "Organisations sensitised on violence against women and girls",
            Unit::Organisations,
            Level::Output,
        ),
        Measure::OrganisationsSensitised,
        campaign,
    );
    orgs.targets = vec![(year(2023), 40)];
    all.push(orgs);
    let mut reached = computed(
        base(
            "R4-PUB",
            "Festivaliers et scolaires touchés par les murs d’expression artistique (estimation)",
            "Festival-goers and pupils reached by the art walls (estimate)",
            Unit::People,
            Level::Output,
        ),
        Measure::ReachedEstimated,
        campaign,
    );
    reached.targets = vec![(year(2023), 2500)];
    all.push(reached);

    // Result 5: the exchange visit with Kayes, its proposals and the coaching of candidates.
    all.push(computed(
        base(
            "R5-VIS",
            "Participants à la visite d’échange Ségou–Kayes",
            "Participants in the Ségou–Kayes exchange visit",
            Unit::People,
            Level::Output,
        ),
        Measure::Participants,
        Some(ActivityKind::ExchangeVisit),
    ));
    all.push(computed(
        base(
            "R5-PROP",
            "Propositions de solutions et d’activités acceptées",
            "Proposals of solutions and activities accepted",
            Unit::Items,
            Level::Output,
        ),
        Measure::ProposalsAccepted,
        None,
    ));
    all.push(computed(
        base(
            "R5-PLAN",
            "Actions du plan de pérennisation réalisées",
            "Sustainability plan actions done",
            Unit::Items,
            Level::Output,
        ),
        Measure::PlanActionsDone,
        None,
    ));
    all.push(computed(
        base(
            "R5-COACH",
            "Candidates potentielles accompagnées par le comité de veille médiatique",
            "Potential women candidates coached by the media-watch committee",
            Unit::People,
            Level::Output,
        ),
        Measure::WomenCoached,
        None,
    ));

    // The effects: entered each year with their evidence.
    let mut abandon = entered(base(
        "E1",
        "Cas d’abandon des pratiques traditionnelles néfastes (conventions d’abandon signées)",
        "Cases of abandonment of harmful traditional practices (abandonment conventions signed)",
        Unit::Conventions,
        Level::Outcome,
    ));
    abandon.baseline_value = Some(1);
    abandon.targets = vec![(year(2024), 6), (year(2026), 10)];
    all.push(abandon);
    let mut agr = entered(base(
        "E2",
        "Activités génératrices de revenus menées par les organisations membres",
        "Income-generating activities run by member organisations",
        Unit::Activities,
        Level::Outcome,
    ));
    agr.baseline_value = Some(8);
    agr.targets = vec![(year(2026), 30)];
    all.push(agr);
    let mut engaged = entered(base(
        "E3",
        "Femmes engagées à travers les organisations membres",
        "Women engaged through member organisations",
        Unit::People,
        Level::Outcome,
    ));
    engaged.baseline_value = Some(90);
    engaged.targets = vec![(year(2026), 300)];
    all.push(engaged);

    let mut ids = Vec::new();
    for f in &all {
        if let Some(id) = q::create(c, segou, f, by, now)? {
            ids.push((f.code.clone(), id));
        }
    }
    let values: [(&str, &[Yearly]); 3] = [
        (
            "E1",
            &[
                (
                    2022,
                    3,
                    "Procès-verbaux de signature de trois conventions d’abandon (villages de la commune de Markala, démo).",
                ),
                (
                    2023,
                    5,
                    "Registre des conventions tenu par APROFEM : deux nouvelles signatures (démo).",
                ),
                (
                    2024,
                    7,
                    "Rapport annuel de la CdP 2024, section « Conventions d’abandon » (démo).",
                ),
            ],
        ),
        (
            "E2",
            &[
                (
                    2022,
                    12,
                    "Rapports annuels des organisations membres, compilés par la coordination (démo).",
                ),
                (
                    2023,
                    18,
                    "Fiches de suivi des AGR remises à la rencontre semestrielle (démo).",
                ),
                (2024, 23, "Fiches de suivi des AGR 2024 (démo)."),
            ],
        ),
        (
            "E3",
            &[
                (
                    2022,
                    140,
                    "Listes d’adhésion des groupements féminins des organisations membres (démo).",
                ),
                (
                    2023,
                    210,
                    "Listes d’adhésion 2023, sans données personnelles publiées (démo).",
                ),
                (2024, 265, "Listes d’adhésion 2024 (démo)."),
            ],
        ),
    ];
    for (code, rows) in values {
        let Some((_, id)) = ids.iter().find(|(c, _)| c == code) else {
            continue;
        };
        for (y, value, evidence) in rows {
            q::enter_value(
                c,
                *id,
                &EnteredValue {
                    period: year(*y),
                    value: *value,
                    evidence_text: Some((*evidence).to_owned()),
                    evidence_link: None,
                    parts: Vec::new(),
                },
                by,
                now,
            )?;
        }
    }
    Ok(())
}
