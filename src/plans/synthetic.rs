//! The benchmark's plans (`kafo demo --synthetic`): twenty plans per community (1,000 on the
//! large set of 50 communities), each with two objectives of five actions (ten actions a
//! plan, 10,000 in all) and three progress updates per action (30,000). Three plans in four
//! are adopted.
//! Periods spread over 2022–2029, so that some actions are late, some done, some to come.

use super::queries::updates::{self as uq, UpdateFields};
use super::queries::{self as q, ActionFields, PlanFields};
use super::{ActionStatus, DEFAULT_CURRENCY, PlanKind};
use crate::db::Conn;
use crate::error::AppResult;
use crate::ids::{CommunityId, OrganisationId, UserId};

pub const PLANS_PER_COMMUNITY: usize = 20;
const OBJECTIVES: usize = 2;
const ACTIONS_PER_OBJECTIVE: usize = 5;
const UPDATES_PER_ACTION: usize = 3;

const VERBS: &[&str] = &[
    "Organiser",
    "Former",
    "Sensibiliser",
    "Documenter",
    "Accompagner",
    "Diffuser",
    "Mobiliser",
    "Suivre",
];
const OBJECTS: &[&str] = &[
    "les femmes élues sur la loi 052",
    "les leaders religieux sur le mariage d’enfants",
    "les jeunes filles sur leurs droits",
    "les radios communautaires",
    "les comités de gestion scolaire",
    "les associations de transformatrices",
    "les chefs de village",
    "les relais communautaires",
];

pub fn insert(
    c: &mut Conn,
    rng: &mut fastrand::Rng,
    community_ids: &[CommunityId],
    org_ids_of: &[Vec<OrganisationId>],
    user_ids: &[UserId],
    now: i64,
) -> AppResult<()> {
    let statuses = ActionStatus::all();
    for (ci, cid) in community_ids.iter().enumerate() {
        let orgs = &org_ids_of[ci];
        if orgs.is_empty() {
            continue;
        }
        for p in 0..PLANS_PER_COMMUNITY {
            let year = 2022 + (p % 6) as i32;
            let fields = PlanFields {
                kind: if p % 3 == 0 {
                    PlanKind::Action
                } else {
                    PlanKind::Sustainability
                },
                title: format!(
                    "Plan {} {year}–{} n° {}",
                    if p % 3 == 0 {
                        "d’action"
                    } else {
                        "de pérennisation"
                    },
                    year + 2,
                    p + 1
                ),
                summary: "Plan synthétique du banc d’essai : objectifs, actions et suivi."
                    .to_owned(),
                starts_on: format!("{year}-01-01"),
                ends_on: format!("{}-12-31", year + 2),
            };
            let objectives: Vec<String> = (0..OBJECTIVES)
                .map(|o| format!("Objectif {} : {}", o + 1, OBJECTS[(p + o) % OBJECTS.len()]))
                .collect();
            let plan_id = q::create(c, *cid, &fields, &objectives, None, now)?;
            let objective_ids: Vec<_> = q::objectives(c, plan_id, "")?
                .iter()
                .map(|o| o.id)
                .collect();
            for (oi, objective_id) in objective_ids.iter().enumerate() {
                for a in 0..ACTIONS_PER_OBJECTIVE {
                    let month = 1 + rng.usize(..12);
                    let f = ActionFields {
                        objective_id: *objective_id,
                        title: format!(
                            "{} {} ({})",
                            VERBS[rng.usize(..VERBS.len())],
                            OBJECTS[rng.usize(..OBJECTS.len())],
                            oi * ACTIONS_PER_OBJECTIVE + a + 1
                        ),
                        owner: orgs[rng.usize(..orgs.len())],
                        partners: Vec::new(),
                        due_on: format!("{}-{month:02}-28", year + (a % 3) as i32),
                        expected_result: "Résultat mesurable attendu de l’action.".to_owned(),
                        budget_amount: (a % 2 == 0).then(|| 50_000 * (1 + rng.i64(0..20))),
                        budget_currency: (a % 2 == 0).then(|| DEFAULT_CURRENCY.to_owned()),
                    };
                    let aid = q::insert_action(c, plan_id, &f, now)?;
                    for u in 0..UPDATES_PER_ACTION {
                        let f = UpdateFields {
                            status: statuses[rng.usize(..statuses.len())],
                            progress: (30 * (u as i64 + 1)).min(100),
                            note: "Point d’avancement synthétique.".to_owned(),
                            evidence_text: None,
                            evidence_link: (u == 2)
                                .then(|| "https://preuves.example.org/".to_owned()),
                            evidence_resource_id: None,
                        };
                        let by = user_ids.get(ci + 1).or(user_ids.first()).copied();
                        uq::add(
                            c,
                            aid,
                            &f,
                            by,
                            now - ((UPDATES_PER_ACTION - u) as i64) * 86_400,
                        )?;
                    }
                }
            }
            if p % 4 != 3 {
                let plan = q::get(c, *cid, plan_id)?;
                if let Some(plan) = plan {
                    q::adopt(c, &plan, &fields.starts_on, None, now)?;
                }
            }
        }
    }
    Ok(())
}
