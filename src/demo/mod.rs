//! The demo data set (`data/demo.toml`), loaded by `kafo demo` and `kafo serve --demo`.
//! It is long because the demo is wide: one transaction writes every area's rows in dependency
//! order; split it by area (one file each, as synthetic_knowledge.rs is) when it next grows.

pub mod synthetic;
pub mod synthetic_knowledge;

use serde::Deserialize;
use std::collections::HashMap;

use crate::accounts::{self, NewUser};
use crate::auth::{self, Role};
use crate::codes::Code;
use crate::community::queries::{self as communities, CommunityFields};
use crate::db::{Conn, Db};
use crate::directory::queries::{
    self as dir, MembershipFields, OrgFields, PersonFields, ThemeFields,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::ids::{CommunityId, OrganisationId, PersonId, ThemeId, UserId};
use crate::{clock, params};

pub const DEMO_TOML: &str = include_str!("../../data/demo.toml");

#[derive(Deserialize)]
pub struct DemoData {
    themes: Vec<ThemeRow>,
    organisations: Vec<OrgRow>,
    communities: Vec<CommunityRow>,
    links: Vec<LinkRow>,
    people: Vec<PersonRow>,
    pub accounts: Vec<AccountRow>,
    #[serde(default)]
    activities: Vec<ActivityRow>,
    #[serde(default)]
    resources: Vec<ResourceDemo>,
    #[serde(default)]
    experiences: Vec<ExperienceDemo>,
    #[serde(default)]
    questions: Vec<QuestionDemo>,
}

#[derive(Deserialize)]
struct ResourceDemo {
    community: String,
    kind: String,
    title: String,
    #[serde(default)]
    body: String,
    link: Option<String>,
    language: String,
    visibility: String,
    org: Option<String>,
    #[serde(default)]
    themes: Vec<String>,
    author: String,
}

#[derive(Deserialize)]
struct ExperienceDemo {
    community: String,
    org: String,
    /// Title of the activity where it was presented.
    activity: Option<String>,
    title: String,
    context: String,
    actions: String,
    #[serde(default)]
    results: String,
    #[serde(default)]
    lessons: String,
    #[serde(default)]
    contacts: String,
    visibility: String,
    #[serde(default)]
    themes: Vec<String>,
    author: String,
}

#[derive(Deserialize)]
struct AnswerDemo {
    author: String,
    body: String,
}

#[derive(Deserialize)]
struct QuestionDemo {
    community: String,
    title: String,
    body: String,
    visibility: String,
    #[serde(default)]
    themes: Vec<String>,
    author: String,
    #[serde(default)]
    answers: Vec<AnswerDemo>,
    /// Index in `answers` of the one that solved it.
    solution: Option<usize>,
}

#[derive(Deserialize)]
struct WalkIns {
    total: usize,
    women: usize,
}

#[derive(Deserialize)]
struct ReachRow {
    audience: String,
    headcount: i64,
    estimated: bool,
}

#[derive(Deserialize)]
struct ActionRow {
    title: String,
    owner: Option<String>,
    due_on: Option<String>,
    status: Option<String>,
}

#[derive(Deserialize)]
struct ActivityRow {
    community: String,
    kind: String,
    title: String,
    starts_at: String,
    ends_at: String,
    place: Option<String>,
    online_url: Option<String>,
    #[serde(default)]
    public: bool,
    #[serde(default)]
    guests: Vec<String>,
    #[serde(default)]
    themes: Vec<String>,
    #[serde(default)]
    agenda: String,
    #[serde(default)]
    speakers: String,
    #[serde(default)]
    minutes: String,
    walk_ins: Option<WalkIns>,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    reach: Vec<ReachRow>,
    #[serde(default)]
    decisions: Vec<String>,
    #[serde(default)]
    actions: Vec<ActionRow>,
}

#[derive(Deserialize)]
struct ThemeRow {
    slug: String,
    fr: String,
    en: String,
    bm: Option<String>,
}

#[derive(Deserialize)]
struct OrgRow {
    key: String,
    name: String,
    acronym: Option<String>,
    kind: String,
    commune: Option<String>,
    region: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    description: Option<String>,
    #[serde(default)]
    themes: Vec<String>,
}

#[derive(Deserialize)]
struct MemberRow {
    org: String,
    role: String,
    since: Option<String>,
}

#[derive(Deserialize)]
struct CommunityRow {
    slug: String,
    name: String,
    region: String,
    founded_on: Option<String>,
    project: Option<String>,
    accompanied_by: Option<String>,
    description: String,
    objectives: String,
    ways_of_working: String,
    members: Vec<MemberRow>,
}

#[derive(Deserialize)]
struct LinkRow {
    a: String,
    b: String,
    since: Option<String>,
    description: String,
}

#[derive(Deserialize)]
struct PlaceRow {
    community: String,
    role: String,
}

#[derive(Deserialize)]
struct PersonRow {
    name: String,
    sex: String,
    org: Option<String>,
    function: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    expertise: Option<String>,
    #[serde(default)]
    themes: Vec<String>,
    communities: Vec<PlaceRow>,
}

#[derive(Deserialize)]
pub struct AccountRow {
    pub email: String,
    pub name: String,
    pub password: String,
    #[serde(default)]
    pub admin: bool,
    pub locale: Option<String>,
    #[serde(default)]
    roles: Vec<PlaceRow>,
}

impl AccountRow {
    /// "coordinator (segou), member (kayes)" for the start-up banner.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .roles
            .iter()
            .map(|r| format!("{} ({})", r.role, r.community))
            .collect();
        if self.admin {
            parts.insert(0, "platform admin".to_owned());
        }
        parts.join(", ")
    }
}

pub fn data() -> AppResult<DemoData> {
    toml::from_str(DEMO_TOML).map_err(|e| AppError::Internal(format!("demo data: {e}")))
}

/// Loads the demo data unless it is already there. Returns false when nothing was done.
pub fn load(db: &Db) -> AppResult<bool> {
    let data = data()?;
    let mut conn = db.conn()?;
    let present: i64 = conn.scalar(
        "SELECT COUNT(*) FROM communities WHERE slug = $1",
        params![&data.communities[0].slug],
    )?;
    if present > 0 {
        return Ok(false);
    }
    // Hash outside the transaction: it is the slow part.
    let hashes = data
        .accounts
        .iter()
        .map(|a| auth::hash_password_blocking(&a.password))
        .collect::<AppResult<Vec<_>>>()?;
    conn.transaction(|c| insert(c, &data, &hashes))?;
    crate::committees::demo::load(db)?;
    Ok(true)
}

fn missing(what: &str, key: &str) -> AppError {
    AppError::Internal(format!("demo data: unknown {what} {key}"))
}

/// A value of a closed set, by the code the demo data gives.
fn code<T: Code>(s: &str) -> AppResult<T> {
    T::parse(s).ok_or_else(|| missing(T::PREFIX, s))
}

fn insert(c: &mut Conn, data: &DemoData, hashes: &[String]) -> AppResult<()> {
    let now = clock::now();
    let mut themes = HashMap::new();
    for t in &data.themes {
        let f = ThemeFields {
            slug: t.slug.clone(),
            name_fr: t.fr.clone(),
            name_en: t.en.clone(),
            name_bm: t.bm.clone(),
        };
        let id = dir::create_theme(c, &f)?.ok_or_else(|| missing("duplicate theme", &t.slug))?;
        themes.insert(t.slug.as_str(), id);
    }
    let theme_ids = |slugs: &[String]| -> AppResult<Vec<ThemeId>> {
        slugs
            .iter()
            .map(|s| {
                themes
                    .get(s.as_str())
                    .copied()
                    .ok_or_else(|| missing("theme", s))
            })
            .collect()
    };

    // Organisations are created through their first community's membership.
    let mut first_community: HashMap<&str, (&CommunityRow, &MemberRow)> = HashMap::new();
    for community in &data.communities {
        for m in &community.members {
            first_community
                .entry(m.org.as_str())
                .or_insert((community, m));
        }
    }
    let mut community_ids = HashMap::new();
    for community in &data.communities {
        let f = CommunityFields {
            slug: community.slug.clone(),
            name: community.name.clone(),
            region: community.region.clone(),
            founded_on: community.founded_on.clone(),
            project: community.project.clone(),
            description: community.description.clone(),
            objectives: community.objectives.clone(),
            ways_of_working: community.ways_of_working.clone(),
            accompanied_by_id: None,
            is_public: true,
            directory_public: true,
        };
        let id = communities::create(c, &f, now)?
            .ok_or_else(|| missing("duplicate community", &community.slug))?;
        community_ids.insert(community.slug.as_str(), id);
    }
    let mut org_ids = HashMap::new();
    for o in &data.organisations {
        let (community, m) = first_community
            .get(o.key.as_str())
            .ok_or_else(|| missing("membership for", &o.key))?;
        let cid = community_ids[community.slug.as_str()];
        let f = OrgFields {
            name: o.name.clone(),
            acronym: o.acronym.clone(),
            kind: code(&o.kind)?,
            commune: o.commune.clone(),
            region: o.region.clone(),
            email: o.email.clone(),
            phone: o.phone.clone(),
            website: None,
            description: o.description.clone(),
            themes: theme_ids(&o.themes)?,
        };
        let membership = MembershipFields {
            role: code(&m.role)?,
            since: m.since.clone(),
            until: None,
        };
        let id = dir::create_org(c, cid, &f, &membership, now)?
            .ok_or_else(|| missing("duplicate organisation", &o.key))?;
        org_ids.insert(o.key.as_str(), id);
    }
    for community in &data.communities {
        let cid = community_ids[community.slug.as_str()];
        for m in &community.members {
            let org = *org_ids
                .get(m.org.as_str())
                .ok_or_else(|| missing("organisation", &m.org))?;
            let membership = MembershipFields {
                role: code(&m.role)?,
                since: m.since.clone(),
                until: None,
            };
            dir::add_membership(c, cid, org, &membership)?;
        }
        if let Some(key) = &community.accompanied_by {
            let org = *org_ids
                .get(key.as_str())
                .ok_or_else(|| missing("organisation", key))?;
            c.execute(
                "UPDATE communities SET accompanied_by_id = $1 WHERE id = $2",
                params![org, cid],
            )?;
        }
    }
    for l in &data.links {
        let a = *community_ids
            .get(l.a.as_str())
            .ok_or_else(|| missing("community", &l.a))?;
        let b = *community_ids
            .get(l.b.as_str())
            .ok_or_else(|| missing("community", &l.b))?;
        communities::link(c, a, b, &l.description, l.since.as_deref())?;
    }
    for p in &data.people {
        let organisation_id = match &p.org {
            Some(k) => Some(
                *org_ids
                    .get(k.as_str())
                    .ok_or_else(|| missing("organisation", k))?,
            ),
            None => None,
        };
        let mut places = p.communities.iter();
        let first = places
            .next()
            .ok_or_else(|| missing("community for", &p.name))?;
        let f = PersonFields {
            name: p.name.clone(),
            sex: code(&p.sex)?,
            organisation_id,
            function: p.function.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
            expertise: p.expertise.clone(),
            role: code(&first.role)?,
            themes: theme_ids(&p.themes)?,
        };
        let id = dir::create_person(c, community_ids[first.community.as_str()], &f, now)?;
        for place in places {
            dir::add_person_to(
                c,
                id,
                community_ids[place.community.as_str()],
                code(&place.role)?,
            )?;
        }
    }
    let mut person_ids = HashMap::new();
    for (name, id) in c.query("SELECT name, id FROM people", &[], |r| {
        Ok((r.get::<String>("name")?, r.get::<PersonId>("id")?))
    })? {
        person_ids.insert(name, id);
    }
    for a in &data.activities {
        insert_activity(c, a, &community_ids, &org_ids, &person_ids, &themes, now)?;
    }
    for (a, hash) in data.accounts.iter().zip(hashes) {
        let roles = a
            .roles
            .iter()
            .map(|r| {
                let cid = *community_ids
                    .get(r.community.as_str())
                    .ok_or_else(|| missing("community", &r.community))?;
                let role = Role::parse(&r.role).ok_or_else(|| missing("role", &r.role))?;
                Ok((cid, role))
            })
            .collect::<AppResult<Vec<_>>>()?;
        let user = NewUser {
            email: a.email.clone(),
            name: a.name.clone(),
            password_hash: hash.clone(),
            locale: a
                .locale
                .as_deref()
                .and_then(Locale::parse)
                .unwrap_or_default(),
            is_admin: a.admin,
            roles,
        };
        accounts::create_user(c, &user, now)?
            .ok_or_else(|| missing("duplicate account", &a.email))?;
    }
    // Accounts of people in the directory are linked to them by their address.
    c.execute(
        "UPDATE users SET person_id = (SELECT MIN(p.id) FROM people p WHERE p.email = users.email)
         WHERE person_id IS NULL",
        &[],
    )?;
    let user_id = |c: &mut Conn, email: &str| -> AppResult<UserId> {
        c.query_opt(
            "SELECT id FROM users WHERE email = $1",
            params![email],
            |r| r.get("id"),
        )?
        .ok_or_else(|| missing("account", email))
    };
    let community = |key: &str| -> AppResult<CommunityId> {
        community_ids
            .get(key)
            .copied()
            .ok_or_else(|| missing("community", key))
    };
    let org = |key: &str| -> AppResult<OrganisationId> {
        org_ids
            .get(key)
            .copied()
            .ok_or_else(|| missing("organisation", key))
    };
    for r in &data.resources {
        let fields = crate::library::queries::ResourceFields {
            kind: code(&r.kind)?,
            title: r.title.clone(),
            body: r.body.clone(),
            link: r.link.clone(),
            language: code(&r.language)?,
            visibility: code(&r.visibility)?,
            organisation_id: r.org.as_deref().map(org).transpose()?,
            themes: theme_ids(&r.themes)?,
        };
        let author = user_id(c, &r.author)?;
        crate::library::queries::create(c, community(&r.community)?, &fields, None, author, now)?;
    }
    for e in &data.experiences {
        let cid = community(&e.community)?;
        let activity_id = match &e.activity {
            Some(title) => Some(
                c.query_opt(
                    "SELECT id FROM activities WHERE community_id = $1 AND title = $2",
                    params![cid, title],
                    |r| r.get("id"),
                )?
                .ok_or_else(|| missing("activity", title))?,
            ),
            None => None,
        };
        let fields = crate::experiences::queries::ExperienceFields {
            organisation_id: org(&e.org)?,
            activity_id,
            title: e.title.clone(),
            context: e.context.clone(),
            actions: e.actions.clone(),
            results: e.results.clone(),
            lessons: e.lessons.clone(),
            contacts: e.contacts.clone(),
            visibility: code(&e.visibility)?,
            themes: theme_ids(&e.themes)?,
        };
        let author = user_id(c, &e.author)?;
        crate::experiences::queries::create(c, cid, &fields, author, now)?;
    }
    for q in &data.questions {
        use crate::discussions::queries as dq;
        let fields = dq::QuestionFields {
            title: q.title.clone(),
            body: q.body.clone(),
            visibility: code(&q.visibility)?,
            themes: theme_ids(&q.themes)?,
        };
        let author = user_id(c, &q.author)?;
        let qid = dq::create(c, community(&q.community)?, &fields, author, now)?;
        let mut answer_ids = Vec::new();
        for a in &q.answers {
            let by = user_id(c, &a.author)?;
            answer_ids.push(dq::answer(c, qid, &a.body, by, now)?);
        }
        if let Some(i) = q.solution {
            let aid = answer_ids
                .get(i)
                .copied()
                .flatten()
                .ok_or_else(|| missing("answer", &q.title))?;
            dq::set_solution(c, qid, Some(aid), now)?;
        }
    }
    crate::plans::demo::insert(c, now)?;
    crate::proposals::demo::insert(c, now)?;
    crate::indicators::demo::insert(c, now)?;
    Ok(())
}

fn insert_activity(
    c: &mut Conn,
    a: &ActivityRow,
    community_ids: &HashMap<&str, CommunityId>,
    org_ids: &HashMap<&str, OrganisationId>,
    person_ids: &HashMap<String, PersonId>,
    themes: &HashMap<&str, ThemeId>,
    now: i64,
) -> AppResult<()> {
    use crate::activities::queries as act;
    use crate::activities::{ActivityKind, ReachAudience};
    use crate::directory::Sex;
    let host = *community_ids
        .get(a.community.as_str())
        .ok_or_else(|| missing("community", &a.community))?;
    let fields = act::ActivityFields {
        kind: ActivityKind::parse(&a.kind).ok_or_else(|| missing("activity kind", &a.kind))?,
        title: a.title.clone(),
        starts_at: a.starts_at.clone(),
        ends_at: a.ends_at.clone(),
        place: a.place.clone(),
        online_url: a.online_url.clone(),
        agenda: a.agenda.clone(),
        speakers: a.speakers.clone(),
        is_public: a.public,
        themes: a
            .themes
            .iter()
            .map(|t| {
                themes
                    .get(t.as_str())
                    .copied()
                    .ok_or_else(|| missing("theme", t))
            })
            .collect::<AppResult<_>>()?,
        guests: a
            .guests
            .iter()
            .map(|g| {
                community_ids
                    .get(g.as_str())
                    .copied()
                    .ok_or_else(|| missing("community", g))
            })
            .collect::<AppResult<_>>()?,
    };
    let id = act::create(c, host, &fields, now)?;
    if !a.minutes.is_empty() {
        act::set_minutes(c, host, id, &a.minutes, now)?;
    }
    // Walk-ins spread over the host's member organisations, women first.
    if let Some(w) = &a.walk_ins {
        let orgs = crate::directory::queries::org_refs_in(c, host)?;
        for i in 0..w.total {
            let woman = i < w.women;
            let attendee = act::AttendeeFields {
                person_id: None,
                name: format!(
                    "{} {:02} (démo)",
                    if woman { "Participante" } else { "Participant" },
                    i + 1
                ),
                sex: if woman { Sex::F } else { Sex::M },
                age_band: None,
                organisation_id: orgs.get(i % orgs.len().max(1)).map(|o| o.id),
                organisation_name: None,
                commune: None,
            };
            act::add_attendee(c, id, &attendee, now)?;
        }
    }
    for name in &a.people {
        let pid = *person_ids
            .get(name)
            .ok_or_else(|| missing("person", name))?;
        let (sex, org): (Sex, Option<OrganisationId>) = c
            .query_opt(
                "SELECT sex, organisation_id FROM people WHERE id = $1",
                params![pid],
                |r| Ok((r.get("sex")?, r.get("organisation_id")?)),
            )?
            .ok_or_else(|| missing("person", name))?;
        let attendee = act::AttendeeFields {
            person_id: Some(pid),
            name: name.clone(),
            sex,
            age_band: None,
            organisation_id: org,
            organisation_name: None,
            commune: None,
        };
        act::add_attendee(c, id, &attendee, now)?;
    }
    for r in &a.reach {
        let audience =
            ReachAudience::parse(&r.audience).ok_or_else(|| missing("audience", &r.audience))?;
        act::set_reach(c, id, audience, r.headcount, r.estimated)?;
    }
    for d in &a.decisions {
        act::add_decision(c, id, d, now)?;
    }
    for x in &a.actions {
        let owner = match &x.owner {
            Some(k) => Some(
                *org_ids
                    .get(k.as_str())
                    .ok_or_else(|| missing("organisation", k))?,
            ),
            None => None,
        };
        act::add_action(
            c,
            id,
            &act::ActionFields {
                title: x.title.clone(),
                owner_organisation_id: owner,
                due_on: x.due_on.clone(),
            },
            now,
        )?;
        if let Some(status) = &x.status {
            c.execute(
                "UPDATE action_items SET status = $1 WHERE activity_id = $2 AND title = $3",
                params![status, id, &x.title],
            )?;
        }
    }
    Ok(())
}
