//! A large, deterministic data set for the benchmark: `kafo demo --synthetic --scale large`.
//!
//! The same seed always gives the same rows, so two runs of the benchmark measure the same
//! work. French and Malian names with their accents, realistic text lengths. Every area adds
//! its own records here as it lands, up to the sizes in docs/performance.md.

pub use super::synthetic_knowledge::KnowledgeScale;
use crate::accounts::{self, NewUser};
use crate::auth::{self, Role};
use crate::clock;
use crate::community::queries::{self as communities, CommunityFields};
use crate::db::{Conn, Db};
use crate::directory::queries::{self as dir, MembershipFields, OrgFields, PersonFields};
use crate::directory::{MemberRole, OrgKind, PersonRole, Sex};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::ids::{CommunityId, OrganisationId, PersonId, ThemeId};
use crate::indicators::synthetic::IndicatorScale;
use crate::params;

#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub communities: usize,
    pub organisations: usize,
    pub people: usize,
    pub activities_per_community: usize,
    pub attendance_per_activity: usize,
    pub knowledge: KnowledgeScale,
    pub indicators: IndicatorScale,
}

impl Scale {
    pub fn named(name: &str) -> Option<Scale> {
        match name {
            "large" => Some(Scale {
                communities: 50,
                organisations: 2_000,
                people: 20_000,
                activities_per_community: 100,
                attendance_per_activity: 40,
                // With the 27,000 activities, organisations and people: 100,000 documents
                // in the search index; questions and answers make 100,000 posts.
                knowledge: KnowledgeScale {
                    resources: 20_000,
                    file_every: 10,
                    experiences: 5_000,
                    questions: 48_000,
                    answers: 52_000,
                },
                // 50 × 20 indicators × 20 half-years × 50 communes: 1,000,000 values.
                indicators: IndicatorScale {
                    entered: 20,
                    communes: 50,
                },
            }),
            "small" => Some(Scale {
                communities: 5,
                organisations: 100,
                people: 1_000,
                activities_per_community: 10,
                attendance_per_activity: 10,
                knowledge: KnowledgeScale {
                    resources: 200,
                    file_every: 10,
                    experiences: 50,
                    questions: 480,
                    answers: 520,
                },
                indicators: IndicatorScale {
                    entered: 4,
                    communes: 5,
                },
            }),
            _ => None,
        }
    }
}

/// The account the benchmark logs in with; it is a member of the first synthetic community.
pub const BENCH_EMAIL: &str = "bench.membre@kafo.test";
pub const BENCH_PASSWORD: &str = "bench-membre-synthetique";
/// Slug of the first synthetic community, the one the benchmark reads.
pub const FIRST_SLUG: &str = "cdp-synthetique-01";

const FIRST_NAMES_F: &[&str] = &[
    "Aminata",
    "Fatoumata",
    "Oumou",
    "Kadiatou",
    "Mariam",
    "Awa",
    "Hawa",
    "Assitan",
    "Djénéba",
    "Salimata",
    "Néné",
    "Rokia",
    "Fanta",
    "Kadidia",
    "Aïssata",
    "Bintou",
    "Coumba",
    "Maïmouna",
    "Ramata",
    "Sira",
    "Hélène",
    "Émilie",
    "Agnès",
    "Françoise",
];
const FIRST_NAMES_M: &[&str] = &[
    "Mamadou",
    "Moussa",
    "Boubacar",
    "Sékou",
    "Issa",
    "Adama",
    "Ibrahim",
    "Souleymane",
    "Modibo",
    "Bakary",
    "Lassina",
    "Siaka",
    "Yacouba",
    "Daouda",
    "Oumar",
    "Seydou",
    "Drissa",
    "Hamidou",
    "Jérôme",
    "Étienne",
];
const SURNAMES: &[&str] = &[
    "Traoré",
    "Coulibaly",
    "Diarra",
    "Keïta",
    "Koné",
    "Sangaré",
    "Dembélé",
    "Sissoko",
    "Camara",
    "Touré",
    "Diallo",
    "Cissé",
    "Maïga",
    "Sidibé",
    "Doumbia",
    "Kanté",
    "Konaté",
    "Bagayoko",
    "Diakité",
    "Samaké",
    "Tangara",
    "Fofana",
    "Guindo",
    "Dicko",
    "Bâ",
    "Niaré",
    "Sow",
    "Kéita",
];
const PLACES: &[(&str, &str)] = &[
    ("Ségou", "Ségou"),
    ("Markala", "Ségou"),
    ("San", "San"),
    ("Niono", "Ségou"),
    ("Bla", "Ségou"),
    ("Tominian", "San"),
    ("Macina", "Ségou"),
    ("Barouéli", "Ségou"),
    ("Kayes", "Kayes"),
    ("Kita", "Kita"),
    ("Nioro du Sahel", "Nioro"),
    ("Bafoulabé", "Kayes"),
    ("Diéma", "Nioro"),
    ("Kéniéba", "Kayes"),
    ("Yélimané", "Kayes"),
    ("Sikasso", "Sikasso"),
    ("Koutiala", "Koutiala"),
    ("Bougouni", "Bougouni"),
    ("Mopti", "Mopti"),
    ("Djenné", "Mopti"),
    ("Bandiagara", "Bandiagara"),
    ("Douentza", "Douentza"),
    ("Tombouctou", "Tombouctou"),
    ("Gao", "Gao"),
    ("Koulikoro", "Koulikoro"),
    ("Kati", "Koulikoro"),
    ("Kolokani", "Koulikoro"),
    ("Dioïla", "Dioïla"),
    ("Nara", "Nara"),
    ("Bamako", "Bamako"),
];
const ORG_WORDS: &[&str] = &[
    "Benkadi", "Musoya", "Jigiya", "Sabati", "Yiriwa", "Badenya", "Danaya", "Hèrè", "Kènèya",
    "Nyèta", "Siguida", "Tèriya",
];
const ORG_PREFIXES: &[&str] = &[
    "ONG",
    "Association",
    "Réseau",
    "Direction locale",
    "Radio",
    "Groupement",
    "Partenaire",
    "Collectif",
];
const FUNCTIONS: &[&str] = &[
    "Présidente",
    "Secrétaire générale",
    "Animatrice",
    "Point focal genre",
    "Juriste",
    "Chargée de programme",
    "Trésorière",
    "Coordinatrice",
    "Journaliste",
    "Conseillère municipale",
];
const EXPERTISE: &[&str] = &[
    "Conventions d’abandon de l’excision et du mariage d’enfants dans les villages ; dialogue avec les chefs coutumiers.",
    "Application de la loi 052 et accompagnement des candidates aux élections communales.",
    "Activités génératrices de revenus, tontines et accès au crédit pour les groupements de femmes.",
    "Prise en charge psychosociale et orientation des victimes de violences basées sur le genre.",
    "Émissions radio en bambara sur l’égalité femme/homme et les droits des filles.",
    "Plaidoyer auprès des autorités locales pour la représentativité des femmes.",
];
const THEMES: &[(&str, &str, &str)] = &[
    ("mariage-d-enfants", "Mariage d’enfants", "Child marriage"),
    (
        "participation-politique",
        "Participation et représentativité des femmes",
        "Women’s participation and representation",
    ),
    ("loi-052", "Loi 052", "Law 052"),
    (
        "vbg",
        "Violences basées sur le genre",
        "Gender-based violence",
    ),
    (
        "pratiques-nefastes",
        "Pratiques traditionnelles néfastes",
        "Harmful traditional practices",
    ),
    (
        "autonomisation-economique",
        "Autonomisation économique des femmes",
        "Women’s economic empowerment",
    ),
    (
        "egalite-femme-homme",
        "Égalité femme/homme",
        "Gender equality",
    ),
    (
        "education-des-filles",
        "Éducation des filles",
        "Girls’ education",
    ),
];

/// A generated person: id, name, sex, organisation.
type Member = (PersonId, String, String, Option<OrganisationId>);

pub(super) fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

/// Fills the database; refuses when the synthetic set is already there.
pub fn generate(db: &Db, scale: Scale, seed: u64) -> AppResult<bool> {
    let mut conn = db.conn()?;
    let present: i64 = conn.scalar(
        "SELECT COUNT(*) FROM communities WHERE slug = $1",
        params![FIRST_SLUG],
    )?;
    if present > 0 {
        return Ok(false);
    }
    // One hash for every synthetic account: hashing is the slow part and proves nothing here.
    let hash = auth::hash_password_blocking(BENCH_PASSWORD)?;
    conn.transaction(|c| insert(c, scale, seed, &hash))?;
    crate::committees::demo::synthetic(db, 300)?;
    Ok(true)
}

fn theme_ids(c: &mut Conn) -> AppResult<Vec<ThemeId>> {
    let mut ids = Vec::new();
    for (slug, fr, en) in THEMES {
        let existing: Option<ThemeId> = c.query_opt(
            "SELECT id FROM themes WHERE slug = $1",
            params![*slug],
            |r| r.get("id"),
        )?;
        let id = match existing {
            Some(id) => id,
            None => dir::create_theme(
                c,
                &dir::ThemeFields {
                    slug: (*slug).to_owned(),
                    name_fr: (*fr).to_owned(),
                    name_en: (*en).to_owned(),
                    name_bm: None,
                },
            )?
            .ok_or_else(|| AppError::Internal(format!("theme {slug}")))?,
        };
        ids.push(id);
    }
    Ok(ids)
}

const ACTIVITY_TITLES: &[&str] = &[
    "Rencontre semestrielle de la communauté",
    "Réunion du noyau",
    "Cadre de concertation sur le mariage d’enfants",
    "Exposé sur la loi 052 et ses conséquences",
    "Partage d’expériences sur les AGR des groupements",
    "Visite d’échange entre communautés",
    "Webinaire d’échange semestriel",
    "Campagne de sensibilisation contre les violences faites aux filles",
];

/// Activities spread from 2021 to 2028 (past and to come), with attendance from the
/// community's people and audiences for the campaigns.
fn insert_activities(
    c: &mut Conn,
    rng: &mut fastrand::Rng,
    scale: Scale,
    community_ids: &[CommunityId],
    people_of: &[Vec<Member>],
    themes: &[ThemeId],
    now: i64,
) -> AppResult<()> {
    use crate::activities::queries as act;
    use crate::activities::{ActivityKind, ReachAudience};
    use crate::directory::Sex;
    let kinds = ActivityKind::all();
    for (ci, &cid) in community_ids.iter().enumerate() {
        let people = &people_of[ci];
        for k in 0..scale.activities_per_community {
            let kind_index = k % kinds.len();
            let kind = kinds[kind_index];
            let year = 2021 + (k * 8 / scale.activities_per_community.max(1)) as i32;
            let month = 1 + (k % 12) as u8;
            let day = 1 + rng.u8(..28);
            let starts_at = format!("{year}-{month:02}-{day:02}T09:00");
            let ends_at = format!("{year}-{month:02}-{day:02}T16:00");
            let guests = if kind == ActivityKind::ExchangeVisit || kind == ActivityKind::Webinar {
                vec![community_ids[(ci + 1) % community_ids.len()]]
            } else {
                Vec::new()
            };
            let guests = guests.into_iter().filter(|g| *g != cid).collect::<Vec<_>>();
            let kind = if kind == ActivityKind::ExchangeVisit && guests.is_empty() {
                ActivityKind::SemiAnnual
            } else {
                kind
            };
            let fields = act::ActivityFields {
                kind,
                title: format!("{} n°{}", ACTIVITY_TITLES[kind_index], k + 1),
                starts_at,
                ends_at,
                place: (kind != ActivityKind::Webinar).then(|| pick(rng, PLACES).0.to_owned()),
                online_url: (kind == ActivityKind::Webinar)
                    .then(|| "https://visio.example.org/kafo".to_owned()),
                agenda:
                    "Ouverture\nPartage d’expériences entre organisations membres\nRecommandations"
                        .to_owned(),
                speakers: String::new(),
                is_public: k % 3 != 0,
                themes: vec![themes[k % themes.len()]],
                guests,
            };
            let id = act::create(c, cid, &fields, now)?;
            if people.is_empty() {
                continue;
            }
            // Strides prime to the 400 people of a community: 40 different people each time.
            let stride = [1, 3, 7, 11, 13][rng.usize(..5)];
            let start = rng.usize(..people.len());
            for j in 0..scale.attendance_per_activity.min(people.len()) {
                let (pid, name, sex, org) = &people[(start + j * stride) % people.len()];
                let a = act::AttendeeFields {
                    person_id: Some(*pid),
                    name: name.clone(),
                    sex: Sex::parse(sex)
                        .ok_or_else(|| AppError::Internal(format!("synthetic sex {sex}")))?,
                    age_band: None,
                    organisation_id: *org,
                    organisation_name: None,
                    commune: None,
                };
                act::add_attendee(c, id, &a, now)?;
            }
            if kind == ActivityKind::AwarenessCampaign {
                act::set_reach(c, id, ReachAudience::Pupils, 200 + rng.i64(0..2000), true)?;
                act::set_reach(
                    c,
                    id,
                    ReachAudience::Organisations,
                    5 + rng.i64(0..40),
                    false,
                )?;
            }
        }
    }
    Ok(())
}

fn insert(c: &mut Conn, scale: Scale, seed: u64, hash: &str) -> AppResult<()> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let now = clock::now();
    let themes = theme_ids(c)?;
    let pick_themes = |rng: &mut fastrand::Rng| -> Vec<ThemeId> {
        let mut t = vec![themes[rng.usize(..themes.len())]];
        let second = themes[rng.usize(..themes.len())];
        if second != t[0] {
            t.push(second);
        }
        t
    };

    let mut community_ids = Vec::with_capacity(scale.communities);
    for i in 0..scale.communities {
        let (place, region) = PLACES[i % PLACES.len()];
        let f = CommunityFields {
            slug: format!("cdp-synthetique-{:02}", i + 1),
            name: format!("Communauté de pratique de {place} ({:02})", i + 1),
            region: region.to_owned(),
            founded_on: Some(format!("20{:02}-{:02}-01", 18 + i % 7, 1 + i % 12)),
            project: Some("VLF-Musoya".to_owned()),
            description: format!(
                "Communauté de pratique pour la défense des droits des femmes et des filles à {place} : \
                 organisations membres, services de l’État et expertes partagent problèmes, outils et \
                 bonnes pratiques contre les violences basées sur le genre. (Données synthétiques.)"
            ),
            objectives: "Mieux cerner les problèmes liés à l’égalité femme/homme\nÉchanger des solutions, des modèles et des outils\nPartager des conseils, idées et ressources\nRéseauter et réduire l’isolement".to_owned(),
            ways_of_working: "Rencontre semestrielle en présentiel\nRéunion du noyau\nPartage d’expériences\nExposé d’une experte".to_owned(),
            accompanied_by_id: None,
            is_public: true,
            directory_public: true,
        };
        let id = communities::create(c, &f, now)?
            .ok_or_else(|| AppError::Internal("synthetic community exists".into()))?;
        community_ids.push(id);
    }
    for pair in community_ids.windows(2) {
        communities::link(
            c,
            pair[0],
            pair[1],
            "Échanges semestriels par webinaire.",
            Some("2023-01-01"),
        )?;
    }

    // Organisations: spread over the communities, a few also members of the next one.
    let mut orgs_of: Vec<Vec<OrganisationId>> = vec![Vec::new(); scale.communities];
    for i in 0..scale.organisations {
        let ci = i % scale.communities;
        let (place, region) = *pick(&mut rng, PLACES);
        let prefix = *pick(&mut rng, ORG_PREFIXES);
        let word = *pick(&mut rng, ORG_WORDS);
        let kinds = OrgKind::all();
        let kind = kinds[i % kinds.len()];
        let roles = MemberRole::all();
        let role = if orgs_of[ci].is_empty() {
            MemberRole::Lead
        } else {
            roles[1 + rng.usize(..roles.len() - 1)]
        };
        let f = OrgFields {
            name: format!("{prefix} {word} des Femmes de {place} n°{}", i + 1),
            acronym: (i % 3 == 0).then(|| format!("{}F{}", &word[..1], i + 1)),
            kind,
            commune: Some(place.to_owned()),
            region: Some(region.to_owned()),
            email: Some(format!("contact{}@organisation-synthetique.test", i + 1)),
            phone: Some(format!(
                "+223 7{} {:02} {:02} {:02}",
                i % 10,
                i % 97,
                i % 89,
                i % 83
            )),
            website: None,
            description: Some(format!(
                "Organisation synthétique de {place}. {}",
                pick(&mut rng, EXPERTISE)
            )),
            themes: pick_themes(&mut rng),
        };
        let m = MembershipFields {
            role,
            since: Some(format!("20{:02}-{:02}-15", 19 + i % 6, 1 + i % 12)),
            until: None,
        };
        let id = dir::create_org(c, community_ids[ci], &f, &m, now)?
            .ok_or_else(|| AppError::Internal("synthetic organisation exists".into()))?;
        orgs_of[ci].push(id);
        if i % 10 == 0 && scale.communities > 1 {
            let next = (ci + 1) % scale.communities;
            let partner = MembershipFields {
                role: MemberRole::Partner,
                since: Some("2023-06-01".to_owned()),
                until: None,
            };
            dir::add_membership(c, community_ids[next], id, &partner)?;
        }
    }

    let mut people_of: Vec<Vec<Member>> = vec![Vec::new(); scale.communities];
    for i in 0..scale.people {
        let ci = i % scale.communities;
        let woman = rng.u8(..100) < 70;
        let first = if woman {
            *pick(&mut rng, FIRST_NAMES_F)
        } else {
            *pick(&mut rng, FIRST_NAMES_M)
        };
        let surname = *pick(&mut rng, SURNAMES);
        let orgs = &orgs_of[ci];
        let f = PersonFields {
            name: format!("{first} {surname}"),
            sex: if woman { Sex::F } else { Sex::M },
            organisation_id: (!orgs.is_empty()).then(|| orgs[rng.usize(..orgs.len())]),
            function: Some((*pick(&mut rng, FUNCTIONS)).to_owned()),
            email: Some(format!("personne{}@synthetique.test", i + 1)),
            phone: Some(format!(
                "+223 6{} {:02} {:02} {:02}",
                i % 10,
                i % 97,
                i % 89,
                i % 83
            )),
            expertise: Some((*pick(&mut rng, EXPERTISE)).to_owned()),
            role: *pick(&mut rng, PersonRole::all()),
            themes: pick_themes(&mut rng),
        };
        let id = dir::create_person(c, community_ids[ci], &f, now)?;
        people_of[ci].push((id, f.name, f.sex.code().to_owned(), f.organisation_id));
    }

    insert_activities(c, &mut rng, scale, &community_ids, &people_of, &themes, now)?;

    // Accounts: the benchmark's member, and a coordinator per community.
    let mut users = vec![NewUser {
        email: BENCH_EMAIL.to_owned(),
        name: "Membre de banc d’essai".to_owned(),
        password_hash: hash.to_owned(),
        locale: Locale::Fr,
        is_admin: false,
        roles: vec![(community_ids[0], Role::Member)],
    }];
    for (i, id) in community_ids.iter().enumerate() {
        users.push(NewUser {
            email: format!("coordination{:02}@synthetique.test", i + 1),
            name: format!("Coordinatrice synthétique {:02}", i + 1),
            password_hash: hash.to_owned(),
            locale: Locale::Fr,
            is_admin: false,
            roles: vec![(*id, Role::Coordinator)],
        });
    }
    let mut user_ids = Vec::with_capacity(users.len());
    for u in &users {
        if let Some(id) = accounts::create_user(c, u, now)? {
            user_ids.push(id);
        }
    }
    super::synthetic_knowledge::insert(
        c,
        &mut rng,
        scale.knowledge,
        &community_ids,
        &orgs_of,
        &user_ids,
        &themes,
        now,
    )?;
    crate::plans::synthetic::insert(c, &mut rng, &community_ids, &orgs_of, &user_ids, now)?;
    crate::indicators::synthetic::insert(c, &mut rng, scale.indicators, &community_ids, now)?;
    Ok(())
}
